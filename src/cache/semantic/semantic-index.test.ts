import { describe, expect, it } from 'vitest';
import { normaliseVector } from '../embedders/embedder.ts';
import { createSemanticIndex } from './semantic-index.ts';

const unit = (...components: number[]) => normaliseVector(Float32Array.from(components));

describe('createSemanticIndex', () => {
  it('returns the most similar entry at or above the threshold, and nothing below it', () => {
    const index = createSemanticIndex();
    index.add('t', 'scope', unit(1, 0, 0), 'k-x', 60_000);
    index.add('t', 'scope', unit(1, 1, 0), 'k-xy', 60_000);
    const query = unit(1, 0.1, 0);
    expect(index.find('t', 'scope', query, 0.9)).toEqual({ key: 'k-x', similarity: expect.closeTo(0.995, 3) as number });
    expect(index.find('t', 'scope', query, 0.996)).toBeUndefined();
    expect(index.find('t', 'scope', unit(1, 0, 0), 1)?.key).toBe('k-x');
  });

  it('never compares across tenants or scopes', () => {
    const index = createSemanticIndex();
    index.add('tenant-a', 'scope', unit(1, 0), 'k', 60_000);
    expect(index.find('tenant-b', 'scope', unit(1, 0), 0.5)).toBeUndefined();
    expect(index.find('tenant-a', 'other-scope', unit(1, 0), 0.5)).toBeUndefined();
    expect(index.find('tenant-a', 'scope', unit(1, 0), 0.5)?.key).toBe('k');
  });

  it('drops expired entries and keeps at most the per-tenant limit, oldest out first', () => {
    let time = 0;
    const index = createSemanticIndex({ maxEntriesPerTenant: 2, now: () => time });
    index.add('t', 's', unit(1, 0), 'first', 1_000);
    time = 1_000;
    expect(index.find('t', 's', unit(1, 0), 0.5)).toBeUndefined();
    expect(index.size('t')).toBe(0);
    index.add('t', 's1', unit(1, 0), 'a', 60_000);
    index.add('t', 's2', unit(1, 0), 'b', 60_000);
    index.add('t', 's1', unit(0, 1), 'c', 60_000);
    expect(index.size('t')).toBe(2);
    expect(index.find('t', 's1', unit(1, 0), 0.5)).toBeUndefined();
    expect(index.find('t', 's2', unit(1, 0), 0.5)?.key).toBe('b');
    index.add('other', 's1', unit(1, 0), 'd', 60_000);
    expect(index.size('t')).toBe(2);
    index.remove('t', 's2', 'b');
    expect(index.size('t')).toBe(1);
  });
});
