import { enumOf, int, list, req, str, struct } from '../../shapes.js';

/** IAM's reusable field constraints, from the service model. */
export const roleName = () => str({ min: 1, max: 64, pattern: '[\\w+=,.@-]+' });
export const userName = () => str({ min: 1, max: 64, pattern: '[\\w+=,.@-]+' });
export const policyName = () => str({ min: 1, max: 128, pattern: '[\\w+=,.@-]+' });
export const path = () => str({ min: 1, max: 512, pattern: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' });
export const policyPath = () => str({ min: 1, max: 512, pattern: '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/' });
export const pathPrefix = () => str({ min: 1, max: 512, pattern: '\\u002F[\\u0021-\\u007F]*' });
export const arn = () => str({ min: 20, max: 2048 });
export const policyDocument = () => str({ min: 1, max: 131072, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' });
export const roleDescription = () =>
  str({ min: 0, max: 1000, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*' });
export const maxSessionDuration = () => int({ min: 3600, max: 43200 });
export const marker = () => str({ min: 1, max: 320, pattern: '[\\u0020-\\u00FF]+' });
export const maxItems = () => int({ min: 1, max: 1000 });
export const serviceName = () => str({ min: 1, max: 128, pattern: '[\\w+=,.@-]+' });
export const customSuffix = () => str({ min: 1, max: 64, pattern: '[\\w+=,.@-]+' });
export const policyArn = () => str({ min: 20, max: 2048 });
export const policyDescription = () => str({ min: 0, max: 1000 });
export const policyVersionId = () => str({ pattern: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?' });
export const policyScope = () => enumOf(['All', 'AWS', 'Local'] as const);
export const policyUsageFilter = () => enumOf(['PermissionsPolicy', 'PermissionsBoundary'] as const);
export const tagKey = () => str({ min: 1, max: 128, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' });
export const tagValue = () => str({ min: 0, max: 256, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' });
export const tags = () => list(struct({ Key: req(tagKey()), Value: req(tagValue()) }), { max: 50 });
export const tagKeys = () => list(tagKey(), { max: 50 });
export const instanceProfileName = () => str({ min: 1, max: 128, pattern: '[\\w+=,.@-]+' });
export const openIdConnectProviderUrl = () => str({ min: 1, max: 255 });
export const clientId = () => str({ min: 1, max: 255 });
export const thumbprint = () => str({ min: 40, max: 40 });
export const accountAlias = () => str({ min: 3, max: 63, pattern: '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$' });
