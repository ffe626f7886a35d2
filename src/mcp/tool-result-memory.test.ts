import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classificationRank } from '../core/profile/index.ts';
import type { Principal } from '../core/principal.ts';
import { conversationOf, createToolResultMemory } from './tool-result-memory.ts';

const principal = (keyId: string, tenant = 'acme'): Principal => ({ tenant, keyId, scopes: ['*'] }) as unknown as Principal;
const levels = ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;

describe('the tool-result memory', () => {
  it('holds every later request of the key (scope key), whatever conversation it names, until the time to live ends', () => {
    let time = 0;
    const memory = createToolResultMemory({ ttlMs: 60_000, scope: 'key', now: () => time });
    expect(memory.recall(principal('k1'), undefined)).toBeUndefined();
    memory.raise(principal('k1'), 'c1', 'SECRET', ['NOFORN']);
    expect(memory.recall(principal('k1'), 'another')).toMatchObject({ classification: 'SECRET', caveats: ['NOFORN'] });
    expect(memory.recall(principal('k2'), undefined)).toBeUndefined();
    expect(memory.recall(principal('k1', 'globex'), undefined)).toBeUndefined();
    time = 59_999;
    expect(memory.recall(principal('k1'), undefined)?.classification).toBe('SECRET');
    time = 60_000;
    expect(memory.recall(principal('k1'), undefined)).toBeUndefined();
  });

  it('holds the same conversation and requests without one (scope conversation), not another conversation', () => {
    const memory = createToolResultMemory({ ttlMs: 60_000, scope: 'conversation', now: () => 0 });
    memory.raise(principal('k1'), 'c1', 'SECRET', []);
    expect(memory.recall(principal('k1'), 'c1')?.classification).toBe('SECRET');
    expect(memory.recall(principal('k1'), undefined)?.classification).toBe('SECRET');
    expect(memory.recall(principal('k1'), 'c2')).toBeUndefined();
    // A result received without a conversation id holds every conversation of the key.
    memory.raise(principal('k1'), undefined, 'CONFIDENTIAL', []);
    expect(memory.recall(principal('k1'), 'c2')?.classification).toBe('CONFIDENTIAL');
    expect(memory.recall(principal('k1'), 'c1')?.classification).toBe('SECRET');
  });

  it('folds conversations past the per-key limit into the whole key instead of forgetting them', () => {
    const memory = createToolResultMemory({ ttlMs: 60_000, scope: 'conversation', now: () => 0 });
    for (let index = 0; index < 1_000; index++) memory.raise(principal('k1'), `c${index}`, 'CONFIDENTIAL', []);
    memory.raise(principal('k1'), 'one-too-many', 'TOP SECRET', []);
    expect(memory.recall(principal('k1'), 'unrelated')?.classification).toBe('TOP SECRET');
  });

  it('is off with a time to live of 0, and remembers nothing for unclassified results', () => {
    const off = createToolResultMemory({ ttlMs: 0, scope: 'key' });
    off.raise(principal('k1'), undefined, 'SECRET', []);
    expect(off.recall(principal('k1'), undefined)).toBeUndefined();
    const on = createToolResultMemory({ ttlMs: 1_000, scope: 'key' });
    on.raise(principal('k1'), undefined, 'UNCLASSIFIED', []);
    expect(on.recall(principal('k1'), undefined)).toBeUndefined();
  });

  it('recalls the highest level raised within the time to live, for any order of raises (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ level: fc.constantFrom(...levels), conversation: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }) }), { minLength: 1, maxLength: 30 }), (raises) => {
        const memory = createToolResultMemory({ ttlMs: 1_000, scope: 'key', now: () => 0 });
        for (const raise of raises) memory.raise(principal('k'), raise.conversation, raise.level, []);
        const highest = Math.max(...raises.map((raise) => classificationRank(raise.level)));
        const recalled = memory.recall(principal('k'), 'z');
        expect(recalled === undefined ? 0 : classificationRank(recalled.classification)).toBe(highest);
      }),
    );
  });

  it.each([
    ['a plain id', 'conv-42', 'conv-42'],
    ['no header', null, undefined],
    ['an id with spaces', 'a b', undefined],
    ['an id of 129 characters', 'x'.repeat(129), undefined],
  ])('reads the conversation id of %s', (_label, value, expected) => {
    expect(conversationOf({ get: (name) => (name === 'x-sovereign-conversation' ? value : null) })).toBe(expected);
  });
});
