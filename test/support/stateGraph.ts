/**
 * The emulated state as plain data, every field of every object included (private ones too), so
 * two stores can be compared exactly. Class instances are tagged with their class; an object met
 * again (registries share references) is a `$ref` to the path where it was first met.
 */
const SHARED = new Set(['AwsManagedPolicyCatalog']);

export function stateGraph(root: unknown): unknown {
  const seen = new Map<object, string>();
  const walk = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
    if (value instanceof Date) return { $date: value.toISOString() };
    // Read-only data shared by every store (AWS's managed-policy catalog) is not state.
    if (SHARED.has((value as object).constructor?.name)) return { $shared: (value as object).constructor.name };
    const first = seen.get(value);
    if (first !== undefined) return { $ref: first };
    seen.set(value, path);
    if (value instanceof Map) return { $map: [...value].map(([k, v], i) => [walk(k, `${path}<${i}>`), walk(v, `${path}[${String(k)}]`)]) };
    if (value instanceof Set) return { $set: [...value].map((v, i) => walk(v, `${path}{${i}}`)) };
    if (ArrayBuffer.isView(value)) return { $bytes: [...(value as unknown as Uint8Array)] };
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`));
    const out: Record<string, unknown> = {};
    const name = (value as object).constructor?.name;
    if (name && name !== 'Object') out.$class = name;
    for (const [k, v] of Object.entries(value)) {
      const w = walk(v, `${path}.${k}`);
      if (w !== undefined) out[k] = w;
    }
    return out;
  };
  return walk(root, '$');
}

/**
 * `Class.field` for every collection (Map, Set, array) held directly by a class instance of the
 * state (a registry, a state object) that is empty everywhere in this store. A rich state that
 * leaves one empty does not prove that collection survives a snapshot.
 */
export function emptyRegistries(root: unknown): string[] {
  const filled = new Set<string>();
  const all = new Set<string>();
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || value instanceof Date) return;
    if (SHARED.has((value as object).constructor?.name)) return;
    seen.add(value);
    if (value instanceof Map) {
      for (const [k, v] of value) {
        walk(k);
        walk(v);
      }
      return;
    }
    if (value instanceof Set || Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    const name = (value as object).constructor?.name;
    const isClass = name !== undefined && name !== 'Object';
    for (const [k, v] of Object.entries(value)) {
      if (isClass && (v instanceof Map || v instanceof Set || Array.isArray(v))) {
        const key = `${name}.${k}`;
        all.add(key);
        if ((Array.isArray(v) ? v.length : v.size) > 0) filled.add(key);
      }
      walk(v);
    }
  };
  walk(root);
  return [...all].filter((k) => !filled.has(k)).sort();
}
