import { describe, expect, it } from 'vitest';
import { createMemoryDecisionRepository } from '../store/decision-repository.ts';
import { createMemoryDecisionStore, createSharedDecisionStore } from './decision-store.ts';
import type { RouteDecision } from './pipeline/context.ts';

function decision(id: string): RouteDecision {
  return { id, requestId: `req_${id}`, createdAt: '2026-03-14T10:00:00.000Z', tenant: 'acme', requestedModel: 'auto', strategy: 'cheapest', candidates: [], attempts: [] };
}

describe('decision stores', () => {
  it('a memory store explains only its own decisions, as they are now', async () => {
    const store = createMemoryDecisionStore(2);
    const made = decision('dec_a');
    store.put(made);
    made.attempts.push({ providerId: 'sim', model: 'm', outcome: 'ok' });
    expect((await store.find('dec_a'))?.view).toMatchObject({ id: 'dec_a', tenant: 'acme', attempts: [{ providerId: 'sim', outcome: 'ok' }] });
    store.put(decision('dec_b'));
    store.put(decision('dec_c'));
    expect(await store.find('dec_a')).toBeUndefined();
  });

  it('a shared store lets another instance explain a decision once its request is over, in its final form', async () => {
    const repository = createMemoryDecisionRepository();
    const first = createSharedDecisionStore({ repository });
    const second = createSharedDecisionStore({ repository });
    const made = decision('dec_shared');
    first.put(made);
    expect(await second.find('dec_shared')).toBeUndefined();
    made.attempts.push({ providerId: 'sim-a', model: 'm', outcome: 'error', code: 'upstream_error', error: 'boom' });
    made.attempts.push({ providerId: 'sim-b', model: 'm', outcome: 'ok' });
    first.settle(made);
    await first.close();
    const found = await second.find('dec_shared');
    expect(found?.tenant).toBe('acme');
    expect((found?.view as { attempts: unknown[] }).attempts).toHaveLength(2);
    await second.close();
  });

  it('reports a failed write and keeps the decision explainable where it was made', async () => {
    const errors: unknown[] = [];
    const failing = { ...createMemoryDecisionRepository(), insertBatch: () => Promise.reject(new Error('database down')) };
    const store = createSharedDecisionStore({ repository: failing, onError: (error) => errors.push(error) });
    const made = decision('dec_local');
    store.put(made);
    store.settle(made);
    await store.close();
    expect(errors).toEqual([expect.objectContaining({ message: 'database down' })]);
    expect((await store.find('dec_local'))?.view).toMatchObject({ id: 'dec_local' });
  });
});
