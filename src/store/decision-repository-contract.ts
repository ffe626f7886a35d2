import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionRepository, StoredDecision } from './decision-repository.ts';
import type { RepositoryFixture } from './key-repository-contract.ts';

export function sampleDecision(overrides: Partial<StoredDecision> = {}): StoredDecision {
  return {
    id: 'dec_1',
    tenant: 'acme',
    createdAt: 1_700_000_000_000,
    view: {
      id: 'dec_1',
      tenant: 'acme',
      strategy: 'cheapest',
      candidates: [{ rank: 1, provider: 'sim-de', score: 0.25, estimated_cost_usd: 0.000012 }],
      attempts: [],
      nested: { unicode: 'Größe – 東京', empty: [], nothing: null },
    },
    ...overrides,
  };
}

/** The behaviour every `DecisionRepository` backend must have. */
export function describeDecisionRepositoryContract(backend: string, open: () => Promise<RepositoryFixture<DecisionRepository>>): void {
  describe(`DecisionRepository contract (${backend})`, () => {
    let fixture: RepositoryFixture<DecisionRepository>;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('stores a batch and reads each decision back exactly', async () => {
      const second = sampleDecision({ id: 'dec_2', tenant: 'globex', view: { id: 'dec_2', attempts: [{ providerId: 'a', outcome: 'ok' }] } });
      await fixture.repository.insertBatch([sampleDecision(), second]);
      expect(await fixture.repository.get('dec_1')).toEqual(sampleDecision());
      expect(await fixture.repository.get('dec_2')).toEqual(second);
      expect(await fixture.repository.get('dec_missing')).toBeUndefined();
    });

    it('replaces a decision stored again with its final form, also within one batch', async () => {
      await fixture.repository.insertBatch([sampleDecision()]);
      const final = sampleDecision({ view: { id: 'dec_1', attempts: [{ providerId: 'sim-de', outcome: 'error', code: 'upstream_error' }] } });
      await fixture.repository.insertBatch([final]);
      expect((await fixture.repository.get('dec_1'))?.view).toEqual(final.view);
      const last = sampleDecision({ view: { id: 'dec_1', attempts: ['last'] } });
      await fixture.repository.insertBatch([final, last]);
      expect((await fixture.repository.get('dec_1'))?.view).toEqual(last.view);
    });

    it('prunes decisions older than a time and keeps the rest', async () => {
      await fixture.repository.insertBatch([
        sampleDecision({ id: 'old', createdAt: 100 }),
        sampleDecision({ id: 'edge', createdAt: 200 }),
        sampleDecision({ id: 'new', createdAt: 300 }),
      ]);
      expect(await fixture.repository.prune(200)).toBe(1);
      expect(await fixture.repository.get('old')).toBeUndefined();
      expect((await fixture.repository.get('edge'))?.createdAt).toBe(200);
      expect(await fixture.repository.prune(200)).toBe(0);
    });

    it('accepts an empty batch', async () => {
      await fixture.repository.insertBatch([]);
      expect(await fixture.repository.get('dec_1')).toBeUndefined();
    });
  });
}
