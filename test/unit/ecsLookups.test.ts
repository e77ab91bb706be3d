import { describe, expect, it } from 'vitest';
import { EcsArns, parseEcsArn } from '../../state/ecs/arns.js';
import { TaskDefinitionRegistry } from '../../state/ecs/taskDefinitions.js';

const t0 = new Date('2026-01-15T10:00:00Z');
const arns = new EcsArns('123456789012', 'eu-west-1');

describe('ECS ARNs', () => {
  it('are built in the long formats', () => {
    expect(arns.cluster('c')).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/c');
    expect(arns.service('c', 's')).toBe('arn:aws:ecs:eu-west-1:123456789012:service/c/s');
    expect(arns.task('c', 'abc')).toBe('arn:aws:ecs:eu-west-1:123456789012:task/c/abc');
    expect(arns.containerInstance('c', 'abc')).toBe('arn:aws:ecs:eu-west-1:123456789012:container-instance/c/abc');
    expect(arns.taskDefinition('web', 3)).toBe('arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3');
  });

  it('are parsed into region, account, type and path', () => {
    expect(parseEcsArn('arn:aws:ecs:eu-west-1:123456789012:service/c/s')).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      type: 'service',
      parts: ['c', 's'],
    });
    expect(parseEcsArn('arn:aws:iam::123456789012:role/x')).toBeUndefined();
    expect(parseEcsArn('cluster/c')).toBeUndefined();
  });

  it('belong to one account, region and type', () => {
    expect(arns.own('arn:aws:ecs:eu-west-1:123456789012:cluster/c', 'cluster')).toBeDefined();
    expect(arns.own('arn:aws:ecs:us-east-1:123456789012:cluster/c', 'cluster')).toBeUndefined();
    expect(arns.own('arn:aws:ecs:eu-west-1:999999999999:cluster/c', 'cluster')).toBeUndefined();
    expect(arns.own('arn:aws:ecs:eu-west-1:123456789012:cluster/c', 'service')).toBeUndefined();
  });
});

describe('TaskDefinitionRegistry lookups', () => {
  const registry = new TaskDefinitionRegistry(arns);
  const def = { containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }], settings: {} };
  registry.register({ family: 'web', ...def }, t0);
  registry.register({ family: 'web', ...def }, t0);
  registry.register({ family: 'web', ...def }, t0);
  registry.deregister('web:3', t0);

  it('resolve a family to its latest ACTIVE revision', () => {
    expect(registry.find('web')?.revision).toBe(2);
  });

  it('resolve family:revision and ARNs, INACTIVE revisions included', () => {
    expect(registry.find('web:3')?.status).toBe('INACTIVE');
    expect(registry.find(arns.taskDefinition('web', 1))?.revision).toBe(1);
  });

  it('find nothing for unknown revisions, malformed revisions or foreign ARNs', () => {
    expect(registry.find('web:4')).toBeUndefined();
    expect(registry.find('web:0')).toBeUndefined();
    expect(registry.find('web:x')).toBeUndefined();
    expect(registry.find('arn:aws:ecs:us-east-1:123456789012:task-definition/web:1')).toBeUndefined();
  });

  it('refuse an INACTIVE revision for new tasks', () => {
    expect(() => registry.getActive('web:3')).toThrow('TaskDefinition is inactive');
  });
});
