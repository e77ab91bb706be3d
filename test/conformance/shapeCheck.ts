import type { ServiceModel, Shape } from './models.js';

/**
 * Strict checks of an answer against AWS's model of its output shape: every member the model
 * knows (by its wire name), none it does not, required ones present, lists and maps in the
 * protocol's form, scalars in the form AWS sends them, enum values and length/range limits.
 * Each problem is one line naming the path.
 */

/** xml2js (explicitArray) nodes: text, or children by name (attributes under `$`). */
export type XmlNode = string | { [name: string]: XmlNode[] | Record<string, string> | string | undefined; $?: Record<string, string>; _?: string };

/** How AWS's query services write timestamps: ISO 8601 in UTC, whole seconds. */
const QUERY_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function compiledPattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined; // a Java-only construct: not checked
  }
}

function checkString(value: string, shape: Shape, path: string, problems: string[]): void {
  if (shape.enum && !shape.enum.includes(value)) problems.push(`${path}: '${value}' is not one of ${shape.enum.join(', ')}`);
  const length = [...value].length;
  if (shape.min !== undefined && length < shape.min) problems.push(`${path}: '${value}' is shorter than ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) problems.push(`${path}: ${length} characters, more than ${shape.max}`);
  if (shape.pattern && length > 0) {
    const re = compiledPattern(shape.pattern);
    if (re && !re.test(value)) problems.push(`${path}: '${value.slice(0, 80)}' does not match ${shape.pattern}`);
  }
}

function checkNumber(value: number, shape: Shape, path: string, problems: string[]): void {
  if (shape.min !== undefined && value < shape.min) problems.push(`${path}: ${value} is below ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) problems.push(`${path}: ${value} is above ${shape.max}`);
}

function textOf(node: XmlNode, path: string, problems: string[]): string | undefined {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node).filter((k) => k !== '$');
  if (keys.length === 1 && keys[0] === '_' && typeof node._ === 'string') return node._;
  problems.push(`${path}: expected text, found elements ${keys.join(', ')}`);
  return undefined;
}

function children(node: XmlNode): [string, XmlNode[]][] {
  if (typeof node === 'string') return [];
  return Object.entries(node).filter(([k]) => k !== '$' && k !== '_') as [string, XmlNode[]][];
}

export function checkXml(model: ServiceModel, shapeName: string, node: XmlNode, path: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape) {
    problems.push(`${path}: unknown shape ${shapeName}`);
    return;
  }
  switch (shape.type) {
    case 'structure': {
      if (typeof node === 'string' && node.trim() !== '') {
        problems.push(`${path}: expected a structure, found text '${node.slice(0, 40)}'`);
        return;
      }
      const byWireName = new Map(Object.entries(shape.members ?? {}).map(([name, ref]) => [ref.locationName ?? name, { name, ref }]));
      const seen = new Set<string>();
      for (const [wire, nodes] of children(node)) {
        const member = byWireName.get(wire);
        if (!member) {
          problems.push(`${path}.${wire}: not a member of ${shapeName}`);
          continue;
        }
        seen.add(member.name);
        const memberShape = model.shapes[member.ref.shape]!;
        const flattened = member.ref.flattened ?? memberShape.flattened;
        if (memberShape.type === 'list' && flattened) {
          nodes.forEach((n, i) => checkXml(model, memberShape.member!.shape, n, `${path}.${wire}[${i}]`, problems));
          continue;
        }
        if (nodes.length > 1) problems.push(`${path}.${wire}: appears ${nodes.length} times`);
        checkXml(model, member.ref.shape, nodes[0]!, `${path}.${wire}`, problems);
      }
      for (const required of shape.required ?? []) if (!seen.has(required)) problems.push(`${path}.${required}: required by ${shapeName}, missing`);
      return;
    }
    case 'list': {
      const memberName = shape.member!.locationName ?? 'member';
      if (typeof node === 'string') {
        if (node.trim() !== '') problems.push(`${path}: expected <${memberName}> elements, found text`);
        return;
      }
      for (const [name, nodes] of children(node)) {
        if (name !== memberName) {
          problems.push(`${path}.${name}: a list holds only <${memberName}> elements`);
          continue;
        }
        nodes.forEach((n, i) => checkXml(model, shape.member!.shape, n, `${path}[${i}]`, problems));
      }
      checkNumber(children(node).flatMap(([, n]) => n).length, { ...shape, type: 'integer' }, `${path} (length)`, problems);
      return;
    }
    case 'map': {
      const keyName = shape.key!.locationName ?? 'key';
      const valueName = shape.value!.locationName ?? 'value';
      if (typeof node === 'string') return;
      for (const [name, entries] of children(node)) {
        if (name !== 'entry') {
          problems.push(`${path}.${name}: a map holds only <entry> elements`);
          continue;
        }
        entries.forEach((entry, i) => {
          const parts = new Map(children(entry));
          for (const name of parts.keys()) if (name !== keyName && name !== valueName) problems.push(`${path}.entry[${i}].${name}: not key or value`);
          const key = parts.get(keyName)?.[0];
          const value = parts.get(valueName)?.[0];
          if (key === undefined) problems.push(`${path}.entry[${i}]: no <${keyName}>`);
          else checkXml(model, shape.key!.shape, key, `${path}.entry[${i}].${keyName}`, problems);
          if (value === undefined) problems.push(`${path}.entry[${i}]: no <${valueName}>`);
          else checkXml(model, shape.value!.shape, value, `${path}.entry[${i}].${valueName}`, problems);
        });
      }
      return;
    }
  }
  const text = textOf(node, path, problems);
  if (text === undefined) return;
  switch (shape.type) {
    case 'string':
      checkString(text, shape, path, problems);
      return;
    case 'integer':
    case 'long':
      if (!/^-?\d+$/.test(text)) problems.push(`${path}: '${text}' is not an integer`);
      else checkNumber(Number(text), shape, path, problems);
      return;
    case 'double':
    case 'float':
      if (Number.isNaN(Number(text)) || text.trim() === '') problems.push(`${path}: '${text}' is not a number`);
      return;
    case 'boolean':
      if (text !== 'true' && text !== 'false') problems.push(`${path}: '${text}' is not true or false`);
      return;
    case 'timestamp':
      if (!QUERY_TIMESTAMP.test(text)) problems.push(`${path}: '${text}' is not an ISO 8601 timestamp in whole seconds (AWS sends 2026-01-15T10:00:00Z)`);
      return;
    case 'blob':
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) problems.push(`${path}: not base64`);
      return;
  }
}

export function checkJson(model: ServiceModel, shapeName: string, value: unknown, path: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape) {
    problems.push(`${path}: unknown shape ${shapeName}`);
    return;
  }
  if (value === null) {
    problems.push(`${path}: null (AWS leaves absent members out)`);
    return;
  }
  const type = Array.isArray(value) ? 'array' : typeof value;
  const expect = (wanted: string) => {
    if (type === wanted) return true;
    problems.push(`${path}: expected ${wanted} for ${shape.type} ${shapeName}, found ${type}`);
    return false;
  };
  switch (shape.type) {
    case 'structure': {
      if (!expect('object')) return;
      const object = value as Record<string, unknown>;
      for (const [name, v] of Object.entries(object)) {
        const ref = shape.members?.[name];
        if (!ref) problems.push(`${path}.${name}: not a member of ${shapeName}`);
        else checkJson(model, ref.shape, v, `${path}.${name}`, problems);
      }
      for (const required of shape.required ?? []) if (!(required in object)) problems.push(`${path}.${required}: required by ${shapeName}, missing`);
      return;
    }
    case 'list':
      if (!expect('array')) return;
      (value as unknown[]).forEach((v, i) => checkJson(model, shape.member!.shape, v, `${path}[${i}]`, problems));
      checkNumber((value as unknown[]).length, { ...shape, type: 'integer' }, `${path} (length)`, problems);
      return;
    case 'map':
      if (!expect('object')) return;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        checkJson(model, shape.key!.shape, k, `${path}{${k}}`, problems);
        checkJson(model, shape.value!.shape, v, `${path}.${k}`, problems);
      }
      return;
    case 'string':
      if (expect('string')) checkString(value as string, shape, path, problems);
      return;
    case 'integer':
    case 'long':
      if (expect('number')) {
        if (!Number.isInteger(value)) problems.push(`${path}: ${String(value)} is not an integer`);
        checkNumber(value as number, shape, path, problems);
      }
      return;
    case 'double':
    case 'float':
      if (expect('number')) checkNumber(value as number, shape, path, problems);
      return;
    case 'boolean':
      expect('boolean');
      return;
    case 'timestamp':
      // JSON 1.1 sends epoch seconds as a number.
      if (expect('number') && !Number.isFinite(value)) problems.push(`${path}: not a finite epoch-seconds number`);
      return;
    case 'blob':
      if (expect('string') && !/^[A-Za-z0-9+/]*={0,2}$/.test(value as string)) problems.push(`${path}: not base64`);
      return;
  }
}
