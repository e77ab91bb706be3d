import type { Violation } from '../state/violations.js';

export type { Violation } from '../state/violations.js';
export { validationMessage } from '../state/violations.js';

/**
 * A small typed description of an operation's input, taken from the AWS model's constraints.
 * One spec does three jobs: it tells the query decoder where lists and structures are, it
 * validates with AWS-style messages, and it is the handler's input type (`Infer<typeof spec>`).
 */

interface Base {
  required?: boolean;
}
export interface StringShape extends Base {
  kind: 'string';
  min?: number;
  max?: number;
  pattern?: string;
  enum?: readonly string[];
}
export interface IntegerShape extends Base {
  kind: 'integer';
  /** The model's `long` (64-bit) rather than `integer` (32-bit). */
  long?: boolean;
  min?: number;
  max?: number;
}
export interface DoubleShape extends Base {
  kind: 'double';
  min?: number;
  max?: number;
}
export interface BooleanShape extends Base {
  kind: 'boolean';
}
export interface TimestampShape extends Base {
  kind: 'timestamp';
}
export interface ListShape<M extends Shape = Shape> extends Base {
  kind: 'list';
  member: M;
  /** The member's name on the query wire (`Tags.member.1`): the model's member `locationName`, `member` unless it says otherwise. */
  memberName: string;
  min?: number;
  max?: number;
}
export interface MapShape<V extends Shape = Shape> extends Base {
  kind: 'map';
  value: V;
}
/** Free-form JSON (ECS `dockerLabels`-like documents): accepted as is, not validated. */
export interface AnyShape extends Base {
  kind: 'any';
}
export interface StructShape<M extends Record<string, Shape> = Record<string, Shape>> extends Base {
  kind: 'structure';
  members: M;
}
export type Shape =
  | StringShape
  | IntegerShape
  | DoubleShape
  | BooleanShape
  | TimestampShape
  | ListShape<any>
  | MapShape<any>
  | AnyShape
  | StructShape<any>;

type Opts<S> = Omit<S, 'kind' | 'member' | 'members' | 'value' | 'required'>;

export const str = (o: Opts<StringShape> = {}): StringShape => ({ kind: 'string', ...o });
export const int = (o: Opts<IntegerShape> = {}): IntegerShape => ({ kind: 'integer', ...o });
export const double = (o: Opts<DoubleShape> = {}): DoubleShape => ({ kind: 'double', ...o });
export const bool = (): BooleanShape => ({ kind: 'boolean' });
export const timestamp = (): TimestampShape => ({ kind: 'timestamp' });
export const any = (): AnyShape => ({ kind: 'any' });
export const list = <M extends Shape>(member: M, o: Partial<Opts<ListShape>> = {}): ListShape<M> => ({
  kind: 'list',
  member,
  memberName: 'member',
  ...o,
});
export const map = <V extends Shape>(value: V): MapShape<V> => ({ kind: 'map', value });
export const struct = <M extends Record<string, Shape>>(members: M): StructShape<M> => ({
  kind: 'structure',
  members,
});
export const enumOf = <const E extends readonly string[]>(values: E): StringShape & { enum: E } => ({
  kind: 'string',
  enum: values,
});
/** Marks a member as required. */
export const req = <S extends Shape>(shape: S): S & { required: true } => ({ ...shape, required: true });

type Scalar<S> = S extends { enum: readonly (infer E)[] }
  ? E
  : S extends StringShape
    ? string
    : S extends IntegerShape | DoubleShape
      ? number
      : S extends BooleanShape
        ? boolean
        : S extends TimestampShape
          ? Date
          : never;

export type Infer<S> =
  S extends ListShape<infer M>
    ? Infer<M>[]
    : S extends MapShape<infer V>
      ? Record<string, Infer<V>>
      : S extends AnyShape
        ? unknown
        : S extends StructShape<infer M>
          ? { [K in keyof M as M[K] extends { required: true } ? K : never]: Infer<M[K]> } & {
              [K in keyof M as M[K] extends { required: true } ? never : K]?: Infer<M[K]>;
            }
          : Scalar<S>;


/** AWS names members in validation messages with a lower-case first letter. */
function memberPath(parent: string, name: string): string {
  const n = name.charAt(0).toLowerCase() + name.slice(1);
  return parent ? `${parent}.${n}` : n;
}

const compiled = new Map<string, RegExp>();
function fullMatch(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'su');
    compiled.set(pattern, re);
  }
  return re.test(value);
}

/**
 * Check a decoded value against its shape. Decoders have already turned wire values into the
 * right JS types (or left a wrong type in place, which is reported here).
 */
export interface ValidateOptions {
  /**
   * The answer is XML (IAM, STS): strings must hold only characters XML 1.0 can carry. IAM's own
   * patterns refuse control characters in nearly every member (`[\u0009\u000A\u000D\u0020-\u00FF]+`
   * for policies); members without a pattern get the XML character range as theirs.
   */
  xmlText?: boolean;
}

/** XML 1.0's Char production, in the form IAM writes its patterns. */
export const XML_CHAR_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]*';
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function validate(shape: Shape, value: unknown, path = '', options: ValidateOptions = {}): Violation[] {
  const out: Violation[] = [];
  check(shape, value, path, out, options.xmlText === true);
  return out;
}

function check(shape: Shape, value: unknown, path: string, out: Violation[], xml: boolean): void {
  if (value === undefined || value === null) {
    if (shape.required) out.push({ path, value: null, constraint: 'Member must not be null' });
    return;
  }
  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') {
        out.push({ path, value, constraint: 'Member must be a string' });
        return;
      }
      const len = [...value].length;
      if (shape.min !== undefined && len < shape.min)
        out.push({ path, value, constraint: `Member must have length greater than or equal to ${shape.min}` });
      if (shape.max !== undefined && len > shape.max)
        out.push({ path, value, constraint: `Member must have length less than or equal to ${shape.max}` });
      if (shape.pattern !== undefined && !fullMatch(shape.pattern, value))
        out.push({ path, value, constraint: `Member must satisfy regular expression pattern: ${shape.pattern}` });
      else if (xml && NOT_XML_CHAR.test(value))
        out.push({ path, value, constraint: `Member must satisfy regular expression pattern: ${XML_CHAR_PATTERN}` });
      if (shape.enum && !shape.enum.includes(value))
        out.push({ path, value, constraint: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
      return;
    }
    case 'integer':
    case 'double': {
      if (typeof value !== 'number' || Number.isNaN(value) || (shape.kind === 'integer' && !Number.isInteger(value))) {
        out.push({ path, value, constraint: shape.kind === 'integer' ? 'Member must be an integer' : 'Member must be a number' });
        return;
      }
      if (shape.min !== undefined && value < shape.min)
        out.push({ path, value, constraint: `Member must have value greater than or equal to ${shape.min}` });
      if (shape.max !== undefined && value > shape.max)
        out.push({ path, value, constraint: `Member must have value less than or equal to ${shape.max}` });
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') out.push({ path, value, constraint: 'Member must be a boolean' });
      return;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime()))
        out.push({ path, value, constraint: 'Member must be a timestamp' });
      return;
    case 'any':
      return;
    case 'list': {
      if (!Array.isArray(value)) {
        out.push({ path, value, constraint: 'Member must be a list' });
        return;
      }
      if (shape.min !== undefined && value.length < shape.min)
        out.push({ path, value, constraint: `Member must have length greater than or equal to ${shape.min}` });
      if (shape.max !== undefined && value.length > shape.max)
        out.push({ path, value, constraint: `Member must have length less than or equal to ${shape.max}` });
      // Lists are never sparse: a null member is refused whatever the member's shape.
      value.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (item === null || item === undefined) out.push({ path: itemPath, value: null, constraint: 'Member must not be null' });
        else check(shape.member, item, itemPath, out, xml);
      });
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        out.push({ path, value, constraint: 'Member must be a map' });
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        if (xml && NOT_XML_CHAR.test(k)) out.push({ path, value: k, constraint: `Map keys must satisfy regular expression pattern: ${XML_CHAR_PATTERN}` });
        if (v === null || v === undefined) out.push({ path: `${path}.${k}`, value: null, constraint: 'Member must not be null' });
        else check(shape.value, v, `${path}.${k}`, out, xml);
      }
      return;
    }
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
        out.push({ path, value, constraint: 'Member must be a structure' });
        return;
      }
      const rec = value as Record<string, unknown>;
      for (const [name, member] of Object.entries(shape.members as Record<string, Shape>)) {
        check(member, rec[name], memberPath(path, name), out, xml);
      }
      return;
    }
  }
}
