import { describe, expect, it } from 'vitest';
import { nextProvider, validateStrategy, type StrategyItem } from '../../state/ecs/capacityProviders.js';

/** Places n tasks one by one, as the scheduler does, and counts them per provider. */
function place(strategy: StrategyItem[], n: number): Record<string, number> {
  const running = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = nextProvider(strategy, running)!;
    running.set(p, (running.get(p) ?? 0) + 1);
  }
  return Object.fromEntries(running);
}

describe('capacity provider strategy: nextProvider', () => {
  it('fills the base first, then splits the rest by weight', () => {
    const strategy = [
      { capacityProvider: 'A', base: 2, weight: 1 },
      { capacityProvider: 'B', weight: 3 },
    ];
    expect(place(strategy, 2)).toEqual({ A: 2 });
    expect(place(strategy, 6)).toEqual({ A: 3, B: 3 });
    expect(place(strategy, 10)).toEqual({ A: 4, B: 6 });
  });

  it('never uses a weight-0 provider beyond its base', () => {
    const strategy = [
      { capacityProvider: 'A', base: 1, weight: 0 },
      { capacityProvider: 'B', weight: 1 },
    ];
    expect(place(strategy, 5)).toEqual({ A: 1, B: 4 });
  });

  it('places on a lone provider whatever its weight, and on none for an empty strategy', () => {
    expect(place([{ capacityProvider: 'A' }], 3)).toEqual({ A: 3 });
    expect(nextProvider([], new Map())).toBeUndefined();
  });

  it('breaks ties in strategy order', () => {
    const strategy = [
      { capacityProvider: 'A', weight: 1 },
      { capacityProvider: 'B', weight: 1 },
    ];
    expect(nextProvider(strategy, new Map())).toBe('A');
    expect(nextProvider(strategy, new Map([['A', 1]]))).toBe('B');
  });
});

describe('capacity provider strategy: validateStrategy', () => {
  const associated = ['FARGATE', 'FARGATE_SPOT', 'asg'];
  const code = (strategy: StrategyItem[]) => {
    try {
      validateStrategy(strategy, associated);
      return 'ok';
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('accepts associated providers with at most one base', () => {
    expect(code([{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 4 }])).toBe('ok');
  });

  it('refuses unassociated providers, duplicates, two bases, all-zero weights and Fargate mixed with Auto Scaling', () => {
    expect(code([{ capacityProvider: 'other', weight: 1 }])).toMatch(/not associated with the cluster/);
    expect(code([{ capacityProvider: 'asg', weight: 1 }, { capacityProvider: 'asg', weight: 1 }])).toMatch(/more than once/);
    expect(code([{ capacityProvider: 'FARGATE', base: 1 }, { capacityProvider: 'FARGATE_SPOT', base: 1, weight: 1 }])).toMatch(/base/);
    expect(code([{ capacityProvider: 'FARGATE' }, { capacityProvider: 'FARGATE_SPOT' }])).toMatch(/weight greater than zero/);
    expect(code([{ capacityProvider: 'FARGATE', weight: 1 }, { capacityProvider: 'asg', weight: 1 }])).toMatch(/mix/);
  });
});
