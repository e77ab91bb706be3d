/** One broken constraint, phrased the way AWS's validation messages phrase it. */
export interface Violation {
  path: string;
  value: unknown;
  constraint: string;
}

/** `1 validation error detected: Value '…' at '…' failed to satisfy constraint: …`, as AWS words it. */
export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  const parts = violations.map((v) => {
    const shown = v.value === null ? 'null' : `'${typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value)}'`;
    return `Value ${shown} at '${v.path}' failed to satisfy constraint: ${v.constraint}`;
  });
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
