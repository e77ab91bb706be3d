/** The package's public API: an in-process linkstack for test suites. */
export { startLinkstack, resolveConfig } from './linkstack.js';
export type { Linkstack, LinkstackClock, LinkstackCredentials, StartLinkstackOptions } from './linkstack.js';
export type { EnforcementMode, LinkstackConfig } from './config.js';
