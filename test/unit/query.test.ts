import { describe, expect, it } from 'vitest';
import { iamService } from '../../server/services/iam/index.js';
import { stsService } from '../../server/services/sts/index.js';
import { decodeQueryInput, escapeXml, isoTimestamp, parseForm, querySuccessXml, toXml, XmlMap } from '../../server/protocols/query.js';
import { bool, int, list, req, str, struct } from '../../server/shapes.js';

describe('parseForm', () => {
  it('decodes + and %20 as spaces and keeps %2B as a plus', () => {
    const p = parseForm('A=a+b%20c&B=1%2B1');
    expect(p.get('A')).toBe('a b c');
    expect(p.get('B')).toBe('1+1');
  });

  it('lets the last of repeated keys win and reads keys without values as empty', () => {
    const p = parseForm('K=1&K=2&Flag&=x');
    expect(p.get('K')).toBe('2');
    expect(p.get('Flag')).toBe('');
  });

  it('refuses bad percent-encoding and invalid UTF-8 with MalformedQueryString', () => {
    for (const body of ['A=%', 'A=%zz', 'A=%FF', 'A=%E0%A4']) {
      expect(() => parseForm(body)).toThrowError(expect.objectContaining({ code: 'MalformedQueryString', status: 404 }));
    }
  });
});

describe('decodeQueryInput', () => {
  const spec = struct({
    Name: req(str()),
    Count: int(),
    Flag: bool(),
    Tags: list(struct({ Key: str(), Value: str() })),
    Keys: list(str()),
    Nested: struct({ Inner: str() }),
  });

  it('builds nested input from Name.member.N keys, in index order, stopping at the first gap', () => {
    const params = parseForm(
      'Name=n&Count=3&Flag=true&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b&Keys.member.1=x&Keys.member.2=y&Keys.member.4=z&Nested.Inner=i',
    );
    expect(decodeQueryInput(spec, params)).toEqual({
      Name: 'n',
      Count: 3,
      Flag: true,
      Tags: [{ Key: 'a', Value: '1' }, { Key: 'b' }],
      Keys: ['x', 'y'],
      Nested: { Inner: 'i' },
    });
  });

  it('reads Name= as an empty list and leaves absent members out', () => {
    expect(decodeQueryInput(spec, parseForm('Tags=&Keys='))).toEqual({ Tags: [], Keys: [] });
  });

  it('keeps scalars of the wrong form as text so validation can name them', () => {
    expect(decodeQueryInput(spec, parseForm('Count=ten&Flag=yes'))).toEqual({ Count: 'ten', Flag: 'yes' });
  });
});

describe('XML output', () => {
  it('escapes element text', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe(`&lt;a href="x"&gt;&amp;'&lt;/a&gt;`);
    expect(escapeXml('plain')).toBe('plain');
  });

  it('writes timestamps as RFC 3339 with Z, in whole seconds as AWS does', () => {
    expect(isoTimestamp(new Date('2026-01-15T10:00:00Z'))).toBe('2026-01-15T10:00:00Z');
    expect(isoTimestamp(new Date('2026-01-15T10:00:00.250Z'))).toBe('2026-01-15T10:00:00Z');
  });

  it('wraps lists in <member>, maps in <entry>, and skips absent members', () => {
    expect(toXml({ L: ['a', 'b'], E: [], M: new XmlMap({ k: 'v' }), U: undefined, B: false, N: 0 })).toBe(
      '<L><member>a</member><member>b</member></L><E></E><M><entry><key>k</key><value>v</value></entry></M><B>false</B><N>0</N>',
    );
  });

  it('wraps results in <Op>Response and the operation’s result wrapper with the request id, and no Result for empty outputs', () => {
    expect(querySuccessXml('GetRole', 'urn:ns', 'rid', { X: 1 }, 'GetRoleResult')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<GetRoleResponse xmlns="urn:ns"><GetRoleResult><X>1</X></GetRoleResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></GetRoleResponse>',
    );
    expect(querySuccessXml('DeleteRole', 'urn:ns', 'rid', undefined, 'DeleteRoleResult')).not.toContain('DeleteRoleResult');
  });

  it('takes list member names and result wrappers from the shapes and the operation table', () => {
    const spec = struct({ Names: list(str(), { memberName: 'item' }) });
    expect(decodeQueryInput(spec, parseForm('Names.item.1=a&Names.item.2=b&Names.member.1=x'))).toEqual({ Names: ['a', 'b'] });
    for (const s of [iamService, stsService]) {
      for (const op of s.operations.values()) expect(op.resultWrapper).toBe(`${op.name}Result`);
    }
  });
});
