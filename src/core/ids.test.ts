import { describe, expect, it } from 'vitest';
import { createCapabilityIdGenerator, createIdGenerator } from './ids.ts';

describe('createCapabilityIdGenerator', () => {
  it('gives 128 random bits as hex after the prefix, never the same twice, across many pool refills', () => {
    const next = createCapabilityIdGenerator('dec');
    const other = createCapabilityIdGenerator('resp');
    const ids: string[] = [];
    // 2,000 ids of 16 bytes span several 4 KiB pools, shared by two generators.
    for (let index = 0; index < 1000; index++) ids.push(next(), other());
    for (const [index, id] of ids.entries()) expect(id).toMatch(index % 2 === 0 ? /^dec_[0-9a-f]{32}$/ : /^resp_[0-9a-f]{32}$/);
    const bodies = ids.map((id) => id.slice(id.indexOf('_') + 1));
    expect(new Set(bodies).size).toBe(bodies.length);
    // Every hex position takes many values: the bits are random, not a counter or a repeated pool.
    for (let position = 0; position < 32; position++) expect(new Set(bodies.map((body) => body[position])).size).toBeGreaterThan(12);
  });
});

describe('createIdGenerator', () => {
  it('gives prefixed ids unique within the generator', () => {
    const next = createIdGenerator('req');
    const ids = Array.from({ length: 500 }, () => next());
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-z]+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
