import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandJurisdiction } from '../policy/__fixtures__/jurisdictions.ts';
import { compilePolicies } from '../policy/compile-policies.ts';
import { evaluatePolicies } from '../policy/evaluate-policies.ts';
import { provider } from './__fixtures__/catalog.ts';
import { createRouter } from './create-router.ts';
import type { Strategy } from './decision.ts';
import { createProviderStats } from './provider-stats.ts';

interface Spec {
  input: number;
  output: number;
  quality: number;
  tools: boolean;
  contextWindow: number;
  jurisdiction: string;
  open: boolean;
  observed: { ttftMs: number; tokensPerSecond: number; ok: boolean } | null;
}

const specArbitrary: fc.Arbitrary<Spec> = fc.record({
  input: fc.integer({ min: 0, max: 8 }),
  output: fc.integer({ min: 0, max: 8 }),
  quality: fc.integer({ min: 0, max: 4 }).map((value) => value / 4),
  tools: fc.constantFrom(true, true, false),
  contextWindow: fc.constantFrom(4096, 32768),
  jurisdiction: fc.constantFrom('DE', 'FR', 'US'),
  open: fc.constantFrom(false, false, false, true),
  observed: fc.option(fc.record({ ttftMs: fc.integer({ min: 0, max: 3 }).map((value) => value * 100), tokensPerSecond: fc.constantFrom(25, 50, 100), ok: fc.boolean() }), { nil: null }),
});

/**
 * The router on large groups uses threshold scans over presorted positions; this compares it with a brute-force
 * reading of the strategies (every eligible candidate keyed, sorted, cut), ties included (small integer prices
 * and a handful of quality levels make many).
 */
describe('selection agrees with brute force on large groups', () => {
  it('for every strategy, with policies, capabilities, context windows, quality floors and open circuits', () => {
    fc.assert(
      fc.property(
        fc.array(specArbitrary, { minLength: 64, maxLength: 200 }),
        fc.constantFrom<Strategy>('cheapest', 'fastest', 'balanced', 'quality'),
        fc.record({ tools: fc.boolean(), euOnly: fc.boolean(), inputTokens: fc.constantFrom(0, 500, 10_000), outputTokens: fc.constantFrom(0, 100, 1000), floor: fc.constantFrom(0, 0, 0.5), limit: fc.constantFrom(1, 3, 16) }),
        (specs, strategy, request) => {
          const providers = specs.map((spec, index) => provider(`p${String(index).padStart(3, '0')}`, { jurisdiction: spec.jurisdiction }, {
            price: { input: spec.input, output: spec.output }, quality: { overall: spec.quality }, capabilities: { tools: spec.tools }, contextWindow: spec.contextWindow,
          }));
          const stats = createProviderStats({ alpha: 1 });
          specs.forEach((spec, index) => { if (spec.observed) stats.observe(`p${String(index).padStart(3, '0')}`, spec.observed); });
          const router = createRouter({ providers }, { expandJurisdiction, stats, maxCandidates: request.limit, priorTtftMs: 150, priorTokensPerSecond: 50 });
          const policies = compilePolicies(request.euOnly ? [{ name: 'eu', require: { jurisdictions: ['EU'] } }] : [], { expandJurisdiction });
          const evaluation = evaluatePolicies(policies, { principal: { tenant: 't' }, profile: { classification: 'UNCLASSIFIED' }, request: { model: 'chat' } });
          const isOpen = (id: string) => specs[Number(id.slice(1))]!.open;
          let actual: string[];
          try {
            actual = router.decide({
              model: 'chat', strategy, ...evaluation, requiredCapabilities: { tools: request.tools },
              estimatedInputTokens: request.inputTokens, estimatedOutputTokens: request.outputTokens, qualityFloor: request.floor,
              health: (id) => (isOpen(id) ? 'open' : 'healthy'),
            }).candidates.map((candidate) => candidate.providerId);
          } catch {
            actual = [];
          }

          // Brute force, with the router's arithmetic.
          const eligible = specs.map((spec, index) => {
            const record = stats.record(`p${String(index).padStart(3, '0')}`);
            const observed = record.latencySamples > 0;
            const success = 1 - Math.min(record.errorRate, 0.9);
            const rate = observed && record.tokensPerSecond > 0 ? record.tokensPerSecond : 50;
            const ttft = (observed ? record.ttftMs : 150) / success;
            const perToken = 1000 / rate / success;
            return {
              index, spec,
              cost: request.inputTokens * (spec.input / 1_000_000) + request.outputTokens * (spec.output / 1_000_000),
              latency: ttft + request.outputTokens * perToken,
            };
          }).filter(({ spec }) => (!request.euOnly || spec.jurisdiction !== 'US') && (!request.tools || spec.tools)
            && spec.contextWindow >= request.inputTokens && spec.quality >= request.floor);
          const minCost = Math.min(...eligible.map((entry) => entry.cost));
          const minLatency = Math.min(...eligible.map((entry) => entry.latency));
          const ratio = (best: number, value: number) => (value <= best ? 1 : best / value);
          const key = (entry: (typeof eligible)[number]): [number, number] => {
            switch (strategy) {
              case 'cheapest': return [entry.cost, -entry.spec.quality];
              case 'fastest': return [entry.latency, entry.cost];
              case 'quality': return request.floor > 0 ? [entry.cost, -entry.spec.quality] : [-entry.spec.quality, entry.cost];
              case 'balanced': return [-((1 / 3) * ratio(minCost, entry.cost) + (1 / 3) * ratio(minLatency, entry.latency) + (1 / 3) * entry.spec.quality), entry.cost];
            }
          };
          const expected = eligible
            .map((entry) => ({ entry, key: key(entry) }))
            .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.entry.index - b.entry.index)
            .filter(({ entry }) => !entry.spec.open)
            .slice(0, request.limit)
            .map(({ entry }) => `p${String(entry.index).padStart(3, '0')}`);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
