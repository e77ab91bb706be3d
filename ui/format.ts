export function shortArn(arn: string | undefined): string {
  if (!arn) return '';
  const slash = arn.indexOf('/');
  return slash < 0 ? arn : arn.slice(slash + 1);
}

export function lastPart(arn: string | undefined): string {
  if (!arn) return '';
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** ISO-8601 or epoch seconds (ECS) as `2026-01-15 10:00:05`. */
export function instant(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const d = typeof value === 'number' ? new Date(value * 1000) : new Date(String(value));
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '').replace('Z', '');
}

export function timeOfDay(iso: string): string {
  return instant(iso).slice(11);
}
