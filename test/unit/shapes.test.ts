import { describe, expect, it } from 'vitest';
import { enumOf, int, list, req, str, struct, validate, validationMessage } from '../../server/shapes.js';

const spec = struct({
  RoleName: req(str({ min: 1, max: 64, pattern: '[\\w+=,.@-]+' })),
  MaxItems: int({ min: 1, max: 1000 }),
  Scope: enumOf(['All', 'AWS', 'Local'] as const),
  Tags: list(struct({ Key: req(str({ min: 1, max: 128 })) }), { max: 2 }),
});

const message = (value: unknown) => validationMessage(validate(spec, value));

describe('validation messages in AWS format', () => {
  it('accepts a valid input', () => {
    expect(validate(spec, { RoleName: 'ok', MaxItems: 5, Scope: 'AWS', Tags: [{ Key: 'k' }] })).toEqual([]);
  });

  it('names a missing required member with a lower-case first letter', () => {
    expect(message({})).toBe("1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
  });

  it('reports length, pattern, range and enum, counting every violation', () => {
    expect(message({ RoleName: 'bad name', MaxItems: 0, Scope: 'x' })).toBe(
      "3 validation errors detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
        "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value 'x' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
    );
  });

  it('counts characters, not UTF-16 units, for lengths', () => {
    expect(validate(spec, { RoleName: 'é'.repeat(64) }).filter((v) => v.constraint.includes('length'))).toEqual([]);
    expect(validate(struct({ S: str({ max: 2 }) }), { S: '😀😀' })).toEqual([]);
  });

  it('names list members by position and checks list lengths', () => {
    const v = validate(spec, { RoleName: 'ok', Tags: [{ Key: 'a' }, {}, { Key: 'c' }] });
    expect(v.map((x) => [x.path, x.constraint])).toEqual([
      ['tags', 'Member must have length less than or equal to 2'],
      ['tags.2.member.key', 'Member must not be null'],
    ]);
  });

  it('reports values of the wrong type', () => {
    expect(message({ RoleName: 'ok', MaxItems: 'ten' })).toBe(
      "1 validation error detected: Value 'ten' at 'maxItems' failed to satisfy constraint: Member must be an integer",
    );
    expect(message({ RoleName: 'ok', MaxItems: 1.5 })).toContain('Member must be an integer');
  });
});
