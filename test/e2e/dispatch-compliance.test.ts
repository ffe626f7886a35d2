import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classificationLevels, providerSchema, type ProviderEntry, type Tier } from '../../src/core/catalog/catalog-schema.ts';
import { GatewayError } from '../../src/core/errors/gateway-error.ts';
import { compileConstraint } from '../../src/core/policy/compile-constraint.ts';
import type { PolicyRequire } from '../../src/core/policy/policy-schema.ts';
import { createRouter } from '../../src/core/router/create-router.ts';
import type { Strategy } from '../../src/core/router/decision.ts';
import type { ClientDialect, RouteCandidate } from '../../src/server/pipeline/context.ts';
import { createCircuitBreaker } from '../../src/server/reliability/circuit-breaker.ts';
import type { FaultSpec } from '../../src/sim/simulator.ts';
import { chatBody, decisionOf, dispatchStage, readStream, send, startFleet, type Fleet } from '../helpers/dispatch-harness.ts';
import { simulatedProvider } from '../helpers/start-test-gateway.ts';

/**
 * The sovereignty property of dispatch: over random small fleets (random jurisdictions, tiers, clearances,
 * training terms, faults and speeds), random policies and random requests, every provider whose simulator saw a
 * request satisfies every constraint in force, through retries, fallbacks, circuit skips, hedges and
 * continuations. The decision comes from the real router over the real compiled constraint; the check is an
 * independent reading of the attributes.
 */
const fleetSize = 6;
const ids = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const adapters = ['openai-compatible', 'anthropic', 'gemini', 'ollama', 'openai-compatible', 'anthropic'] as const;
const countries = ['DE', 'FR', 'IT', 'US', 'GB', 'JP', 'CN'];
const groups: Record<string, string[]> = { EU: ['DE', 'FR', 'IT'] };
const instant = { ttftMs: 0, tokensPerSecond: 0, outputTokens: 12, seed: 7 };

interface ProviderTraits {
  jurisdiction: string;
  tier: Tier;
  trainsOnData: boolean;
  clearance: (typeof classificationLevels)[number];
  slow: boolean;
  fault: FaultSpec | undefined;
}

const faultArbitrary: fc.Arbitrary<FaultSpec> = fc
  .record({
    kind: fc.constantFrom<FaultSpec['kind']>('rate-limit', 'server-error', 'unavailable', 'overloaded', 'timeout', 'connection-reset', 'stream-cut', 'malformed-chunk'),
    afterChunks: fc.constantFrom(0, 3),
    times: fc.constantFrom(1, 2, 100),
  })
  .map((fault) => ({ ...fault, retryAfterSeconds: 1 }));

/** Present one time in three: enough constraints to deny some requests, few enough to let most through. */
const sometimes = <Value>(arbitrary: fc.Arbitrary<Value>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary, weight: 1 });

const traitsArbitrary: fc.Arbitrary<ProviderTraits> = fc.record({
  jurisdiction: fc.constantFrom(...countries),
  tier: fc.constantFrom<Tier>('cloud', 'local'),
  trainsOnData: fc.boolean(),
  clearance: fc.constantFrom(...classificationLevels),
  slow: fc.constantFrom(true, true, false),
  fault: sometimes(faultArbitrary),
});

const requireArbitrary = fc.record({
  jurisdictions: sometimes(fc.subarray([...countries, 'EU'], { minLength: 1 })),
  tiers: sometimes(fc.subarray<Tier>(['cloud', 'local'], { minLength: 1 })),
  noTraining: sometimes(fc.boolean()),
  providersDenied: sometimes(fc.subarray(ids, { minLength: 1, maxLength: 3 })),
  minClearance: sometimes(fc.constantFrom(...classificationLevels)),
});

const runArbitrary = fc.record({
  size: fc.integer({ min: 3, max: fleetSize }),
  traits: fc.array(traitsArbitrary, { minLength: fleetSize, maxLength: fleetSize }),
  require: requireArbitrary,
  strategy: fc.constantFrom<Strategy>('fastest', 'fastest', 'fastest', 'cheapest', 'balanced'),
  stream: fc.boolean(),
  dialect: fc.constantFrom<ClientDialect>('openai', 'anthropic'),
  passthrough: fc.boolean(),
  maxFallbacks: fc.integer({ min: 0, max: 5 }),
});

type Require = typeof requireArbitrary extends fc.Arbitrary<infer Value> ? Value : never;

/** The constraint, read straight from the attributes (not through the policy compiler or the router). */
function satisfies(id: string, traits: ProviderTraits, require: Require): boolean {
  if (require.jurisdictions && !require.jurisdictions.flatMap((name) => groups[name] ?? [name]).includes(traits.jurisdiction)) return false;
  if (require.tiers && !require.tiers.includes(traits.tier)) return false;
  if (require.noTraining && traits.trainsOnData) return false;
  if (require.providersDenied?.includes(id)) return false;
  if (require.minClearance && classificationLevels.indexOf(traits.clearance) < classificationLevels.indexOf(require.minClearance)) return false;
  return true;
}

describe('dispatch compliance', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet(
      ids.map((id, index) => simulatedProvider(id, adapters[index]!, ['shared'], { simulated: instant })),
      { timeoutMs: 150 },
    );
  });
  afterAll(() => fleet.close());

  it('sends nothing to a provider that breaks a constraint in force, through retries, fallbacks, hedges and continuations', async () => {
    // One breaker over all runs, so circuits open, skip and probe as the runs go.
    const breaker = createCircuitBreaker({ consecutiveFailures: 2, coolDownMs: 40 });
    const seen = { runs: 0, denied: 0, fallbacks: 0, hedges: 0, skips: 0, continuations: 0 };
    await fc.assert(
      fc.asyncProperty(runArbitrary, async (run) => {
        fleet.resetAll();
        const entries: ProviderEntry[] = [];
        for (let index = 0; index < fleetSize; index++) {
          const traits = run.traits[index]!;
          const simulator = fleet.simulators.get(ids[index]!)!;
          simulator.setModel({ name: 'shared', ...instant, ttftMs: traits.slow ? 60 : 0 });
          if (traits.fault) simulator.injectFault(traits.fault);
          if (index >= run.size) continue;
          entries.push(
            providerSchema.parse(
              simulatedProvider(ids[index]!, adapters[index]!, ['shared'], {
                jurisdiction: traits.jurisdiction,
                operator: { name: 'operator', country: traits.jurisdiction },
                tier: traits.tier,
                trainsOnData: traits.trainsOnData,
                clearance: traits.clearance,
              }),
            ),
          );
        }
        const expand = (name: string) => new Set(groups[name] ?? [name]);
        const require: PolicyRequire = Object.fromEntries(Object.entries(run.require).filter(([key, value]) => value !== undefined && key !== 'minClearance'));
        const minimum = run.require.minClearance ? classificationLevels.indexOf(run.require.minClearance) : undefined;
        const constraint = compileConstraint('random-policy', require, minimum, expand);
        const router = createRouter({ providers: entries }, { expandJurisdiction: expand, maxCandidates: fleetSize });

        seen.runs++;
        let candidates: RouteCandidate[] = [];
        try {
          const routed = router.decide({ model: 'shared', strategy: run.strategy, constraints: constraint ? [constraint] : [], health: breaker.routingHealth });
          candidates = routed.candidates.map((ranked) => ({ ...fleet.candidate(ranked.providerId), provider: entries.find((entry) => entry.id === ranked.providerId)! }));
        } catch (error) {
          if (!GatewayError.isInstance(error) || !['policy_denied', 'no_healthy_candidate'].includes(error.code)) throw error;
          seen.denied++;
        }
        if (candidates.length > 0) {
          const stage = dispatchStage(fleet, {
            health: breaker,
            maxFallbacks: run.maxFallbacks,
            retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 200 },
            hedging: { enabled: true, delayMs: 20 },
          });
          const decision = decisionOf(candidates, run.strategy);
          const { response } = await send(stage, decision, {
            dialect: run.dialect,
            body: chatBody(run.dialect, run.stream, run.dialect === 'openai' && run.stream ? { stream_options: { include_usage: true } } : {}),
            passthrough: run.passthrough,
          });
          if (response.status === 200 && run.stream) await readStream(response, run.dialect);
          else await response.arrayBuffer();
          const codes = decision.attempts.map((attempt) => attempt.code);
          if (codes.includes('hedge_cancelled')) seen.hedges++;
          if (codes.includes('circuit_open')) seen.skips++;
          if (codes.includes('continuation')) seen.continuations++;
          // Let cancelled and timed-out connections land before counting.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }

        const allowed = new Set(candidates.map((candidate) => candidate.providerId));
        let reached = 0;
        for (let index = 0; index < fleetSize; index++) {
          const id = ids[index]!;
          if (fleet.simulators.get(id)!.received.length === 0) continue;
          reached++;
          expect(allowed.has(id), `${id} is not a candidate of the decision`).toBe(true);
          expect(index < run.size, `${id} is not in the catalog`).toBe(true);
          expect(satisfies(id, run.traits[index]!, run.require), `${id} breaks the policy`).toBe(true);
        }
        if (reached > 1) seen.fallbacks++;
      }),
      { numRuns: 100 },
    );
    // The property held over runs that exercised what it is about, not only over easy ones.
    expect(seen.fallbacks).toBeGreaterThan(0);
    expect(seen.hedges).toBeGreaterThan(0);
    expect(seen.denied).toBeGreaterThan(0);
    expect(seen.runs - seen.denied).toBeGreaterThan(10);
  }, 60_000);
});
