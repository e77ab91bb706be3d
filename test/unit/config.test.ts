import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig } from '../../server/config.js';

describe('configuration (environment and flags)', () => {
  it('defaults to 127.0.0.1:4566, account 000000000000, enforcement off', () => {
    expect(loadConfig({}, [])).toEqual(defaultConfig);
    expect(defaultConfig).toMatchObject({ port: 4566, host: '127.0.0.1', defaultAccount: '000000000000', enforceIam: 'off' });
  });

  it('reads the documented environment variables', () => {
    const c = loadConfig(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        LINKSTACK_DEFAULT_ACCOUNT: '123456789012',
        LINKSTACK_ENFORCE_IAM: 'strict',
        LINKSTACK_DELETION_START_MS: '10',
        LINKSTACK_DELETION_DURATION_MS: '20',
        LINKSTACK_USAGE_REPORT: 'limit:5',
        LOG_LEVEL: 'silent',
      },
      [],
    );
    expect(c).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      defaultAccount: '123456789012',
      enforceIam: 'strict',
      deletionStartMs: 10,
      deletionDurationMs: 20,
      logLevel: 'silent',
    });
  });

  it('lets flags (--port 4567 or --port=4567) override the environment', () => {
    expect(loadConfig({ PORT: '1000' }, ['--port', '4567', '--host=::1'])).toMatchObject({ port: 4567, host: '::1' });
  });

  it('refuses bad values, naming the variable or flag', () => {
    expect(() => loadConfig({ PORT: '70000' }, [])).toThrow(new ConfigError("PORT must be a port number 0-65535, not '70000'"));
    expect(() => loadConfig({}, ['--enforce-iam', 'maybe'])).toThrow(new ConfigError("--enforce-iam must be off, soft or strict, not 'maybe'"));
    expect(() => loadConfig({}, ['--nope', '1'])).toThrow(new ConfigError('unknown option --nope'));
    expect(() => loadConfig({}, ['--port'])).toThrow(new ConfigError('--port needs a value'));
    expect(() => loadConfig({ LINKSTACK_DEFAULT_ACCOUNT: '12' }, [])).toThrow(/LINKSTACK_DEFAULT_ACCOUNT must be a 12-digit account id/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }, []).port).toBe(4566);
  });

  it('takes the request log size from LINKSTACK_REQUEST_LOG_SIZE or --request-log-size (0 turns it off)', () => {
    expect(defaultConfig.requestLogSize).toBe(2000);
    expect(loadConfig({ LINKSTACK_REQUEST_LOG_SIZE: '0' }, []).requestLogSize).toBe(0);
    expect(loadConfig({}, ['--request-log-size', '50']).requestLogSize).toBe(50);
    expect(() => loadConfig({ LINKSTACK_REQUEST_LOG_SIZE: 'lots' }, [])).toThrow(
      "LINKSTACK_REQUEST_LOG_SIZE must be a number of requests (0-100000), not 'lots'",
    );
  });
});

describe('LINKSTACK_MANAGED_POLICY_VERSIONS', () => {
  it('is seed by default, latest by variable, flag or startLinkstack option, and refuses anything else', async () => {
    expect(defaultConfig.managedPolicyVersions).toBe('seed');
    expect(loadConfig({ LINKSTACK_MANAGED_POLICY_VERSIONS: 'latest' }).managedPolicyVersions).toBe('latest');
    expect(loadConfig({}, ['--managed-policy-versions', 'latest']).managedPolicyVersions).toBe('latest');
    expect(() => loadConfig({ LINKSTACK_MANAGED_POLICY_VERSIONS: 'v24' })).toThrow(
      new ConfigError("LINKSTACK_MANAGED_POLICY_VERSIONS must be seed or latest, not 'v24'"),
    );
    const { resolveConfig } = await import('../../server/linkstack.js');
    expect(resolveConfig({ managedPolicyVersions: 'latest' }).managedPolicyVersions).toBe('latest');
  });
});
