/** `--pace 1.5s`, `500ms`, `2` (seconds) or `key` (Enter moves on; needs a terminal). */
export function parsePace(text: string): number | 'key' | undefined {
  if (text === 'key') return 'key';
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!m) return undefined;
  const ms = m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
  return ms <= 600_000 ? Math.round(ms) : undefined;
}
