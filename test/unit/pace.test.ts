import { describe, expect, it } from 'vitest';
import { parsePace } from '../../scenarios/runner/pace.js';

describe('linkstack replay --pace', () => {
  it('reads seconds, milliseconds and key', () => {
    expect(parsePace('1.5s')).toBe(1500);
    expect(parsePace('500ms')).toBe(500);
    expect(parsePace('2')).toBe(2000);
    expect(parsePace('key')).toBe('key');
  });

  it('refuses anything else, and pauses over ten minutes', () => {
    expect(parsePace('soon')).toBeUndefined();
    expect(parsePace('-1s')).toBeUndefined();
    expect(parsePace('601s')).toBeUndefined();
  });
});
