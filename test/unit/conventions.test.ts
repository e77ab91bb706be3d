import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { iamArn, parseAccountIamArn, parseIamArn, serviceLinkedRolePath, stsArn } from '../../state/arns.js';
import { ecsErrors } from '../../state/ecs/errors.js';
import { AwsError, errorCatalog } from '../../state/errors.js';
import { iamErrors } from '../../state/iam/errors.js';
import { stsErrors } from '../../state/sts/errors.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(relative(root, path)));
    else if (name.endsWith('.ts')) out.push(relative(root, path));
  }
  return out;
}

const code = [...sources('state'), ...sources('server')].map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));

describe('error catalogs', () => {
  it('build one AwsError per situation, with the entry’s code, status and text', () => {
    const catalog = errorCatalog({
      fixed: { code: 'Fixed', status: 409, message: 'always this' },
      templated: { code: 'Templated', status: 404, message: (name: string) => `no ${name}` },
      statusFromArgs: { code: 'Odd', status: (s: number) => s, message: 'unreadable' },
    });
    expect(catalog.fixed()).toMatchObject({ code: 'Fixed', status: 409, message: 'always this' });
    expect(catalog.templated('x')).toMatchObject({ code: 'Templated', status: 404, message: 'no x' });
    expect(catalog.statusFromArgs(415)).toMatchObject({ code: 'Odd', status: 415 });
    expect(catalog.fixed()).toBeInstanceOf(AwsError);
  });

  it('keep AWS’s texts in the catalogs (spot checks of templated entries)', () => {
    expect(iamErrors.roleNotFound('r').message).toBe('The role with name r cannot be found.');
    expect(iamErrors.quotaExceeded('PoliciesPerRole', 10).message).toBe('Cannot exceed quota for PoliciesPerRole: 10');
    expect(ecsErrors.containerNotFound('web').message).toBe('The container web does not exist in the task.');
    expect(stsErrors.assumeRoleDenied('a', 'b').status).toBe(403);
  });

  it('are the only place an AwsError is constructed (add a catalog entry instead of `new AwsError(`)', () => {
    const offenders = code.filter((f) => f.file !== join('state', 'errors.ts') && f.text.includes('new AwsError('));
    expect(offenders.map((f) => f.file)).toEqual([]);
  });
});

describe('ARN builders (state/arns.ts)', () => {
  it('name IAM entities, service-linked roles and role sessions', () => {
    expect(iamArn.role('123456789012', '/a/', 'r')).toBe('arn:aws:iam::123456789012:role/a/r');
    expect(iamArn.serviceLinkedRole('123456789012', 'ecs.amazonaws.com', 'AWSServiceRoleForECS')).toBe(
      'arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
    );
    expect(serviceLinkedRolePath('ecs.amazonaws.com')).toBe('/aws-service-role/ecs.amazonaws.com/');
    expect(stsArn.assumedRole('123456789012', 'r', 's')).toBe('arn:aws:sts::123456789012:assumed-role/r/s');
    expect(iamArn.root('123456789012')).toBe('arn:aws:iam::123456789012:root');
  });

  it('read IAM ARNs back, path included', () => {
    expect(parseIamArn('arn:aws:iam::aws:policy/aws-service-role/P')).toEqual({
      accountId: 'aws',
      type: 'policy',
      path: '/aws-service-role/',
      name: 'P',
    });
    expect(parseIamArn('arn:aws:iam::123456789012:user/u')).toMatchObject({ path: '/', name: 'u' });
    expect(parseIamArn('arn:aws:iam::123456789012:root')).toBeUndefined();
    expect(parseAccountIamArn('arn:aws:iam::aws:policy/P', 'policy')).toBeUndefined();
    expect(parseAccountIamArn('arn:aws:iam::123456789012:group/g', 'role', 'user')).toBeUndefined();
  });

  it('are the only place IAM, STS and ECS ARNs are written by hand', () => {
    const iamTemplate = /`arn:aws:(iam|sts)::\$\{/;
    const ecsTemplate = /`arn:aws:ecs:\$\{/;
    const offenders = code.filter(
      (f) =>
        (f.file !== join('state', 'arns.ts') && iamTemplate.test(f.text)) ||
        (f.file !== join('state', 'ecs', 'arns.ts') && ecsTemplate.test(f.text)),
    );
    expect(offenders.map((f) => f.file)).toEqual([]);
  });
});

describe('the AWS edge (server/awsEndpoint.ts)', () => {
  const edge = readFileSync(join(root, 'server', 'awsEndpoint.ts'), 'utf8');
  it('leaves protocols to their protocol objects and services to the service table', () => {
    expect(edge).not.toMatch(/service\.protocol\s*===|'query'|'json'/);
    expect(edge).not.toMatch(/services\/(iam|sts|ecs)\//);
  });
});
