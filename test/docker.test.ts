import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from '../server/config.js';

// No Docker engine runs here: these read the files. `.ci/run` also lints the Dockerfile, validates
// the compose file with docker-compose, and checks what the Dockerfile copies after a build.
const dockerfile = readFileSync('docker/Dockerfile', 'utf8').replace(/\\\n/g, ' ');
const compose = readFileSync('docker/docker-compose.yml', 'utf8');
const readme = readFileSync('README.md', 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);

/** `KEY: "value"` lines of one service's environment block. */
function serviceEnvironment(service: string): Record<string, string> {
  const block = new RegExp(`^  ${service}:\\n((?:    .*\\n|\\n)*)`, 'm').exec(compose)?.[1] ?? '';
  const env = /^    environment:\n((?:      .*\n)*)/m.exec(block)?.[1] ?? '';
  return Object.fromEntries([...env.matchAll(/^      (\w+): "?([^"\n]*)"?$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('docker/Dockerfile', () => {
  it('is multi-stage: a build stage with dev dependencies, a runtime with production ones only', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^node:20\S* AS build/);
    expect(stages[0]).toMatch(/RUN npm ci /);
    expect(stages[0]).toContain('RUN npm run build');
    expect(stages[1]).toMatch(/^node:20\S*-slim AS runtime/);
    expect(stages[1]).toMatch(/RUN npm ci --omit=dev/);
    expect(stages[1]).toContain('COPY --from=build /app/dist ./dist');
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

  it('starts the linkstack bin (bundled by scripts/bundle.mjs), so `docker run … replay` works too', () => {
    expect(stages[1]).toMatch(/^ENTRYPOINT \["node", "dist\/bundle\/cli\.mjs"\]$/m);
    expect(readFileSync('scripts/bundle.mjs', 'utf8')).toContain("cli: 'dist/server/cli.js'");
    expect(JSON.parse(readFileSync('package.json', 'utf8')).bin.linkstack).toBe('dist/server/cli.js');
  });

  it('keeps the AWS SDK clients as production dependencies (the replay bin needs them)', () => {
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
