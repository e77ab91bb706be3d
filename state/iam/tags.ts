import { iamErrors } from './errors.js';
import { object, str } from '../snapshot/codec.js';

/** IAM tags (`Key`/`Value`, unlike ECS's lower-case `key`/`value`) on roles, users and policies. */
export interface Tag {
  Key: string;
  Value: string;
}

export const iamTagCodec = object({ Key: str, Value: str });

export const MAX_TAGS_PER_ENTITY = 50;

/** Tag keys are unique without regard to case; a request naming one twice is refused whole. */
export function requireDistinctTagKeys(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw iamErrors.duplicateTagKeys();
    seen.add(k);
  }
}

/**
 * TagRole/TagUser semantics: an existing key (any case) takes the new value; at most 50 tags.
 * `quota` names IAM's quota in the error (`TagsPerRole`, `TagsPerUser`).
 */
export function mergeTags(current: Tag[], added: Tag[], quota = 'TagsPerRole'): Tag[] {
  requireDistinctTagKeys(added);
  const merged = [...current];
  for (const t of added) {
    const i = merged.findIndex((m) => m.Key.toLowerCase() === t.Key.toLowerCase());
    if (i >= 0) merged[i] = { Key: merged[i]!.Key, Value: t.Value };
    else merged.push({ Key: t.Key, Value: t.Value });
  }
  if (merged.length > MAX_TAGS_PER_ENTITY) {
    throw iamErrors.quotaExceeded(quota, MAX_TAGS_PER_ENTITY);
  }
  return merged;
}

export function removeTags(current: Tag[], keys: string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return current.filter((t) => !drop.has(t.Key.toLowerCase()));
}
