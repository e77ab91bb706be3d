import { object, str } from '../snapshot/codec.js';

/** ECS tags: lower-case `key`/`value`, one value per key, insertion order kept. */
export interface EcsTag {
  key: string;
  value: string;
}

export const ecsTagCodec = object({ key: str, value: str });

/** Adds or overwrites keys, as TagResource does. */
export function mergeTags(existing: EcsTag[], added: readonly EcsTag[]): EcsTag[] {
  const byKey = new Map(existing.map((t) => [t.key, t.value]));
  for (const t of added) byKey.set(t.key, t.value ?? '');
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export function removeTags(existing: EcsTag[], keys: readonly string[]): EcsTag[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.key));
}

/** Holds the tags of one resource. */
export interface Tagged {
  tags: EcsTag[];
}
