import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from '../server/config.js';

// These read the files. `.ci/run` also lints the Dockerfile, validates the compose file with
// docker-compose, checks the runtime stage's files after a build (docker/verify.mjs), and builds,
// runs and replays against the real image on a private Docker engine (docker/ci.sh).
const dockerfile = readFileSync('docker/Dockerfile', 'utf8').replace(/\\\n/g, ' ');
const compose = readFileSync('docker/docker-compose.yml', 'utf8');
const readme = readFileSync('README.md', 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);

/** compose's `${NAME:-default}` with nothing set: the default. */
const withDefaults = (value: string) => value.replace(/\$\{\w+:-([^}]*)\}/g, '$1');

/** `KEY: "value"` lines of one service's environment block, as compose reads them with nothing set. */
function serviceEnvironment(service: string): Record<string, string> {
  const block = serviceBlock(service);
  const env = /^    environment:\n((?:      .*\n)*)/m.exec(block)?.[1] ?? '';
  return Object.fromEntries([...env.matchAll(/^      (\w+): "?([^"\n]*)"?$/gm)].map((m) => [m[1]!, withDefaults(m[2]!)]));
}

function serviceBlock(service: string): string {
  return new RegExp(`^  ${service}:\\n((?:    .*\\n|\\n)*)`, 'm').exec(compose)?.[1] ?? '';
}

describe('docker/Dockerfile', () => {
  it('is multi-stage: a build stage with dev dependencies, a runtime with the bundle, its data files and the stories only', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^node:20\S* AS build/);
    expect(stages[0]).toMatch(/ npm ci /);
    expect(stages[0]).toContain('RUN npm run build');
    expect(stages[1]).toMatch(/^node:20\S*-slim AS runtime/);
    // The bundle is self-contained (docker/verify.mjs runs it with no node_modules): nothing to
    // install; the one RUN makes the mount points of the state file and the init scenarios.
    expect([...stages[1]!.matchAll(/^RUN (.*)$/gm)].map((m) => m[1])).toEqual(['mkdir -p /data /init && chown node:node /data']);
    expect([...stages[1]!.matchAll(/^COPY (.*)$/gm)].map((m) => m[1])).toEqual([
      'package.json ./',
      '--from=build /app/dist/bundle ./dist/bundle',
      '--from=build /app/dist/managed-policies ./dist/managed-policies',
      '--from=build /app/dist/ui ./dist/ui',
      'scenarios/*.json ./scenarios/',
    ]);
  });

  it('takes an optional extra CA for npm in the build stage only, as PEM text', () => {
    expect(stages[0]).toMatch(/^ARG EXTRA_CA_CERT=""$/m);
    expect(stages[0]).toMatch(/NODE_EXTRA_CA_CERTS=\/tmp\/extra-ca\.pem; fi +&& npm ci /);
    expect(stages[1]).not.toContain('EXTRA_CA_CERT');
  });

  it('has one .dockerignore, at the root, which both BuildKit and the legacy builder read', () => {
    expect(existsSync('.dockerignore')).toBe(true);
    expect(existsSync('docker/Dockerfile.dockerignore')).toBe(false);
    const rules = readFileSync('.dockerignore', 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rules[0]).toBe('*');
    expect(rules).not.toContain('!node_modules');
  });

  it('runs as a non-root user, on 0.0.0.0:4566', () => {
    expect(stages[1]).toMatch(/^USER node$/m);
    expect(stages[1]).toMatch(/HOST=0\.0\.0\.0/);
    expect(stages[1]).toMatch(/PORT=4566/);
    expect(stages[1]).toMatch(/^EXPOSE 4566$/m);
  });

  it('checks its health on /_linkstack/health with node (slim images have no curl)', () => {
    const health = /^HEALTHCHECK (.*) CMD (\[.*\])$/m.exec(stages[1]!);
    expect(health).not.toBeNull();
    const cmd = JSON.parse(health![2]!) as string[];
    expect(cmd[0]).toBe('node');
    expect(cmd.join(' ')).toContain('/_linkstack/health');
    expect(cmd.join(' ')).not.toMatch(/curl|wget/);
  });

  it('checks health every 2 s, since Engine 20.10 has no --start-interval and the first check waits one interval', () => {
    const options = /^HEALTHCHECK (.*) CMD /m.exec(stages[1]!)![1]!;
    expect(options).toContain('--interval=2s');
    expect(options).not.toContain('--start-interval');
  });

  it('starts the linkstack bin (bundled by scripts/bundle.mjs), so `docker run … replay` works too', () => {
    expect(stages[1]).toMatch(/^ENTRYPOINT \["node", "dist\/bundle\/cli\.mjs"\]$/m);
    expect(readFileSync('scripts/bundle.mjs', 'utf8')).toContain("cli: 'dist/server/cli.js'");
    expect(JSON.parse(readFileSync('package.json', 'utf8')).bin.linkstack).toBe('dist/server/cli.js');
  });

  it("keeps the AWS SDK clients as production dependencies (the package's replay bin, dist/server/cli.js, needs them)", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const client of ['@aws-sdk/client-iam', '@aws-sdk/client-ecs', '@aws-sdk/client-sts']) expect(pkg.dependencies[client]).toBeDefined();
  });
});

describe('docker/docker-compose.yml', () => {
  it('has linkstack built from the Dockerfile and a test service that waits for it to be healthy', () => {
    expect(compose).toMatch(/^  linkstack:\n    build:\n      context: \.\.\n      dockerfile: docker\/Dockerfile$/m);
    expect(compose).toMatch(/^    depends_on:\n      linkstack:\n        condition: service_healthy$/m);
    expect(serviceEnvironment('tests').AWS_ENDPOINT_URL).toBe('http://linkstack:4566');
  });

  it('publishes on 127.0.0.1:4566 unless LINKSTACK_ADDRESS / LINKSTACK_PORT say otherwise', () => {
    const ports = /^    ports:\n((?:      - .*\n)*)/m.exec(serviceBlock('linkstack'))![1]!.trim().split('\n');
    expect(ports).toEqual(['- "${LINKSTACK_ADDRESS:-127.0.0.1}:${LINKSTACK_PORT:-4566}:4566"']);
    expect(serviceBlock('tests')).not.toContain('ports:');
  });

  it('passes LINKSTACK_EXTRA_CA_CERT to the build as EXTRA_CA_CERT, empty by default', () => {
    expect(serviceBlock('linkstack')).toMatch(/^      args:\n(?:        #.*\n)*        EXTRA_CA_CERT: "\$\{LINKSTACK_EXTRA_CA_CERT:-\}"$/m);
  });

  it('configures linkstack with the names of the README Configuration table, and valid values', () => {
    const env = serviceEnvironment('linkstack');
    const tableNames = [...readme.split('## Configuration')[1]!.split('\n## ')[0]!.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]!);
    expect(tableNames.length).toBeGreaterThan(5);
    for (const name of Object.keys(env)) expect(tableNames).toContain(name);
    for (const name of tableNames.filter((n) => n.startsWith('LINKSTACK_'))) expect(Object.keys(env)).toContain(name);
    // Written-out defaults: loading them gives the defaults back.
    expect(loadConfig(env)).toEqual(defaultConfig);
  });
});
