import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's AWS CLI v2 (installed by .ci/run). */
export const AWS_CLI_V2 = '/usr/bin/aws';

/**
 * The environment of a new user's shell for the AWS CLI: only PATH from this process, a fresh
 * HOME with empty config and credentials files (nothing of the machine leaks in), the root key
 * of the default account, eu-west-1 and no pager. `overrides` win.
 */
export function freshCliEnvironment(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'linkstack-cli-'));
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
    ...overrides,
  };
}
