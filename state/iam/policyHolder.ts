import { mapOf, str, type Codec } from '../snapshot/codec.js';
import { iamErrors } from './errors.js';
import type { AttachmentTarget, ManagedPolicyRegistry } from './managedPolicies.js';

/**
 * What roles, users and groups share: inline policies by name and attached managed policies.
 * IAM compares policy names without case while keeping the name as first given.
 */
export interface PolicyHolder {
  inlinePolicies: Map<string, string>;
  attachedPolicyArns: string[];
}

/** The one Map every holder without inline policies shares: it cannot be written to. */
class NoInlinePolicies extends Map<string, string> {
  override set(): this {
    throw new Error('a holder without inline policies is given a Map of its own by putInlinePolicyOn');
  }
}
const NO_INLINE_POLICIES: Map<string, string> = new NoInlinePolicies();

/**
 * Inline policies of a new holder: none, shared. Most roles never have one, and an empty Map of
 * their own would cost more than the rest of the role.
 */
export function noInlinePolicies(): Map<string, string> {
  return NO_INLINE_POLICIES;
}

/** Inline policies as a snapshot keeps them, `[[name, document], …]`; none are read as shared. */
export const inlinePoliciesCodec: Codec<Map<string, string>> = {
  encode: (m) => mapOf(str, str).encode(m),
  decode: (v, path) => {
    const policies = mapOf(str, str).decode(v, path);
    return policies.size === 0 ? NO_INLINE_POLICIES : policies;
  },
};

/** Finds a name among keys that keep their case while IAM compares without it. */
export function findName(names: Iterable<string>, wanted: string): string | undefined {
  const lower = wanted.toLowerCase();
  for (const n of names) if (n.toLowerCase() === lower) return n;
  return undefined;
}

/** The stored name and document of an inline policy; `kind` words AWS's NoSuchEntity text. */
export function inlinePolicyOf(holder: PolicyHolder, policyName: string, kind: 'role' | 'user' | 'group') {
  const name = findName(holder.inlinePolicies.keys(), policyName);
  if (name === undefined) throw iamErrors.inlinePolicyNotFound(kind, policyName);
  return { policyName: name, document: holder.inlinePolicies.get(name)! };
}

/** A policy of the same name (any case) is replaced, keeping the name as first given. */
export function putInlinePolicyOn(holder: PolicyHolder, policyName: string, document: string): void {
  if (holder.inlinePolicies === NO_INLINE_POLICIES) holder.inlinePolicies = new Map();
  holder.inlinePolicies.set(findName(holder.inlinePolicies.keys(), policyName) ?? policyName, document);
}

/**
 * Attach…Policy. Attaching an attached policy again changes nothing, as in AWS (the policy must
 * still exist). `quota` is the holder's limit on attached policies, where it has one.
 */
export function attachManagedPolicy(
  holder: PolicyHolder,
  policies: ManagedPolicyRegistry,
  policyArn: string,
  target: AttachmentTarget,
  quota?: { name: string; max: number },
): void {
  if (holder.attachedPolicyArns.includes(policyArn)) {
    policies.get(policyArn);
    return;
  }
  if (quota && holder.attachedPolicyArns.length >= quota.max) {
    policies.get(policyArn);
    throw iamErrors.quotaExceeded(quota.name, quota.max);
  }
  policies.attach(policyArn, target);
  holder.attachedPolicyArns.push(policyArn);
}

/** Detach…Policy: NoSuchEntity for an unknown policy or one that is not attached here. */
export function detachManagedPolicy(holder: PolicyHolder, policies: ManagedPolicyRegistry, policyArn: string): void {
  const i = holder.attachedPolicyArns.indexOf(policyArn);
  if (i < 0) {
    policies.get(policyArn);
    throw iamErrors.policyNotAttached(policyArn);
  }
  holder.attachedPolicyArns.splice(i, 1);
  policies.detach(policyArn);
}
