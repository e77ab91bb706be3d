import type { ServiceDefinition } from '../server/operation.js';

/**
 * The README's "Support matrix" is generated from the operation tables, so it can never claim an
 * operation that does not exist or miss one that does. `npm run matrix` rewrites it; the unit
 * test `test/unit/supportMatrix.test.ts` fails when it is stale.
 */

export const MATRIX_START = '<!-- support-matrix:start -->';
export const MATRIX_END = '<!-- support-matrix:end -->';

const protocolLabel = (s: ServiceDefinition) => s.protocol.describe(s);

export function renderSupportMatrix(services: readonly ServiceDefinition[]): string {
  const rows = services.map((s) => {
    const ops = [...s.operations.keys()].sort().map((o) => `\`${o}\``);
    return `| ${s.name.toUpperCase()} | ${protocolLabel(s)} | ${ops.length} | ${ops.length ? ops.join(', ') : '—'} |`;
  });
  return ['| service | protocol | count | operations |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README with the text between the markers replaced by `table`. */
export function withSupportMatrix(readme: string, table: string): string {
  const start = readme.indexOf(MATRIX_START);
  const end = readme.indexOf(MATRIX_END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${MATRIX_START} and ${MATRIX_END}`);
  return `${readme.slice(0, start + MATRIX_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The table currently between the markers. */
export function currentSupportMatrix(readme: string): string {
  const start = readme.indexOf(MATRIX_START);
  const end = readme.indexOf(MATRIX_END);
  if (start < 0 || end < start) return '';
  return readme.slice(start + MATRIX_START.length, end).trim();
}
