// The tests run the TypeScript sources, which read the AWS managed-policy catalog from
// dist/managed-policies/ as the built server does: build it once if `npm run build` has not.
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs build script without type declarations
  const script = await import('../../scripts/build-managed-policies.mjs');
  if (!script.isCurrent()) script.buildManagedPolicies();
}
