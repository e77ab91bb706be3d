import { describe, expect, it } from 'vitest';
import { statementPositions } from '../../state/policy/positions.js';

describe('statementPositions', () => {
  it('finds each statement of a Statement list, by line and column of its braces', () => {
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    { "Effect": "Allow", "Action": "s3:*", "Resource": "*" },',
      '    {',
      '      "Effect": "Deny", "Action": ["iam:*"], "Resource": "*",',
      '      "Condition": { "Bool": { "aws:SecureTransport": "false" } }',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    expect(statementPositions(text)).toEqual([
      { start: { line: 4, column: 5 }, end: { line: 4, column: 60 } },
      { start: { line: 5, column: 5 }, end: { line: 8, column: 5 } },
    ]);
  });

  it('handles a single statement object, escapes in strings, and a Statement that is not first', () => {
    const text = '{"Id":"a\\"}{","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';
    expect(statementPositions(text)).toEqual([{ start: { line: 1, column: 27 }, end: { line: 1, column: 75 } }]);
  });

  it('gives no positions for text it cannot walk', () => {
    expect(statementPositions('[1,2]')).toEqual([]);
    expect(statementPositions('{"Statement": [{"Effect": "Allow"')).toEqual([]);
  });
});
