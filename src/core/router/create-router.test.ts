import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.ts';
import { expandJurisdiction } from '../policy/__fixtures__/jurisdictions.ts';
import { compilePolicies } from '../policy/compile-policies.ts';
import { evaluatePolicies } from '../policy/evaluate-policies.ts';
import { provider } from './__fixtures__/catalog.ts';
import { createRouter, type DecideInput, type RouterOptions } from './create-router.ts';
import type { Decision } from './decision.ts';
import { explainDecision } from './explain-decision.ts';
import { createProviderStats } from './provider-stats.ts';

const router = (providers: ReturnType<typeof provider>[], options: Partial<RouterOptions> = {}) =>
  createRouter({ providers }, { expandJurisdiction, ...options });

function thrown(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

const ids = (decision: Decision) => decision.candidates.map((candidate) => candidate.providerId);

describe('createRouter: names', () => {
  const catalog = [
    provider('a', {}, { name: 'gpt-4o', upstreamName: 'gpt-4o-2024-08-06', aliases: ['smart'] }),
    provider('b', {}, { name: 'gpt-4o' }),
    provider('c', {}, { name: 'embedder', capabilities: { embeddings: true } }),
    provider('d', { enabled: false }, { name: 'gpt-4o' }),
  ];
  const subject = router(catalog);

  it('finds every provider of a name or alias, skipping disabled providers', () => {
    expect(ids(subject.decide({ model: 'gpt-4o', strategy: 'cheapest' }))).toEqual(['a', 'b']);
    const alias = subject.decide({ model: 'smart' });
    expect(alias.candidates).toEqual([expect.objectContaining({ providerId: 'a', model: 'gpt-4o', upstreamModel: 'gpt-4o-2024-08-06' })]);
  });

  it('routes auto over every chat model and pins provider-id/model', () => {
    expect(ids(subject.decide({ model: 'auto', strategy: 'cheapest' }))).toEqual(['a', 'b']);
    expect(ids(subject.decide({ model: 'b/gpt-4o' }))).toEqual(['b']);
    expect(ids(subject.decide({ model: 'a/smart' }))).toEqual(['a']);
    expect(subject.models()).toEqual(['auto', 'embedder', 'gpt-4o', 'smart']);
  });

  it.each(['gpt-5', 'd/gpt-4o', 'zz/gpt-4o'])('answers model_not_found for %j', (model) => {
    const error = thrown(() => subject.decide({ model }));
    expect(error.code).toBe('model_not_found');
    expect(error.param).toBe('model');
  });
});

describe('createRouter: strategies', () => {
  // cost for 1,000 input and 1,000 output tokens: a 3.0e-3, b 1.5e-3, c 6.0e-3 USD
  const catalog = [
    provider('a', {}, { price: { input: 1, output: 2 }, quality: { overall: 0.6 } }),
    provider('b', {}, { price: { input: 0.5, output: 1 }, quality: { overall: 0.4 } }),
    provider('c', {}, { price: { input: 2, output: 4 }, quality: { overall: 0.9 } }),
  ];
  const stats = createProviderStats({ alpha: 1 });
  stats.observe('a', { ok: true, ttftMs: 100, tokensPerSecond: 100 }); // 100 + 10,000 = 10,100 ms for 1,000 tokens
  stats.observe('b', { ok: true, ttftMs: 900, tokensPerSecond: 50 }); // 900 + 20,000 = 20,900 ms
  stats.observe('c', { ok: true, ttftMs: 50, tokensPerSecond: 200 }); // 50 + 5,000 = 5,050 ms
  const tokens = { estimatedInputTokens: 1000, estimatedOutputTokens: 1000 };
  const subject = router(catalog, { stats });

  it('cheapest: by estimated cost from catalog prices', () => {
    const decision = subject.decide({ model: 'chat', strategy: 'cheapest', ...tokens });
    expect(ids(decision)).toEqual(['b', 'a', 'c']);
    expect(decision.candidates.map((candidate) => candidate.estimatedCostUsd)).toEqual([0.0015, 0.003, 0.006]);
    expect(decision.candidates.map((candidate) => candidate.score)).toEqual([1, 0.5, 0.25]);
  });

  it('fastest: by live time to first token and throughput', () => {
    const decision = subject.decide({ model: 'chat', strategy: 'fastest', ...tokens });
    expect(ids(decision)).toEqual(['c', 'a', 'b']);
    expect(decision.candidates.map((candidate) => candidate.expectedLatencyMs)).toEqual([5050, 10100, 20900]);
  });

  it('fastest: failures make a provider slower (expected attempts), unknown providers get the prior', () => {
    const live = createProviderStats({ alpha: 1 });
    live.observe('c', { ok: false });
    live.observe('c', { ok: true, ttftMs: 50, tokensPerSecond: 200 });
    live.observe('a', { ok: true, ttftMs: 100, tokensPerSecond: 100 });
    const decision = router(catalog, { stats: live, priorTtftMs: 0, priorTokensPerSecond: 1000 })
      .decide({ model: 'chat', strategy: 'fastest', ...tokens });
    // b: no observations, prior 0 + 1,000 ms; c: 5,050 ms / (1 - 0) after a success at alpha 1.
    expect(ids(decision)).toEqual(['b', 'c', 'a']);
  });

  it('estimates latency from the provider\'s configured figures until it answers, then from what was measured', () => {
    const fleet = [
      provider('sim', { simulated: { ttftMs: 250, tokensPerSecond: 0, outputTokens: 24, seed: 1 } }),
      provider('paced', { latency: { ttftMs: 100, tokensPerSecond: 500 } }),
      provider('unknown'),
    ];
    const live = createProviderStats({ alpha: 1 });
    const subject = router(fleet, { stats: live, priorTtftMs: 800, priorTokensPerSecond: 40, statsRefreshMs: 0 });
    const latencies = () =>
      Object.fromEntries(subject.decide({ model: 'chat', strategy: 'fastest', estimatedOutputTokens: 1000 }).candidates.map((candidate) => [candidate.providerId, candidate.expectedLatencyMs]));
    // Configured: a simulated provider answers whole after 250 ms; 100 ms + 1,000 tokens at 500/s; the priors otherwise.
    expect(latencies()).toEqual({ sim: 250, paced: 2100, unknown: 25800 });
    // Measured: a whole answer in 300 ms includes its tokens; a stream's pace replaces the configured one.
    live.observe('sim', { ok: true, ttftMs: 300 });
    live.observe('unknown', { ok: true, ttftMs: 200, tokensPerSecond: 1000 });
    expect(latencies()).toEqual({ sim: 300, paced: 2100, unknown: 1200 });
  });

  it('quality: highest quality first without a floor; cheapest above the floor with one', () => {
    expect(ids(subject.decide({ model: 'chat', strategy: 'quality', ...tokens }))).toEqual(['c', 'a', 'b']);
    const floored = subject.decide({ model: 'chat', strategy: 'quality', qualityFloor: 0.5, ...tokens });
    expect(ids(floored)).toEqual(['a', 'c']);
    expect(floored.excluded).toEqual([{ providerId: 'b', model: 'chat', reasons: [{ kind: 'quality-floor', reason: 'quality 0.4 below the floor of 0.5' }] }]);
  });

  it('balanced: weights move the order between cost, latency and quality', () => {
    const decide = (weights: RouterOptions['weights']) => ids(router(catalog, { stats, weights }).decide({ model: 'chat', strategy: 'balanced', ...tokens }));
    expect(decide({ cost: 1, latency: 0, quality: 0 })).toEqual(['b', 'a', 'c']);
    expect(decide({ cost: 0, latency: 1, quality: 0 })).toEqual(['c', 'a', 'b']);
    expect(decide({ cost: 0, latency: 0, quality: 1 })).toEqual(['c', 'a', 'b']);
    // Equal weights: c = (0.25 + 1 + 0.9) / 3, b = (1 + 0.24 + 0.4) / 3, a = (0.5 + 0.5 + 0.6) / 3.
    const decision = router(catalog, { stats }).decide({ model: 'chat', strategy: 'balanced', ...tokens });
    expect(ids(decision)).toEqual(['c', 'b', 'a']);
    expect(decision.candidates[0]!.score).toBeCloseTo((0.25 + 1 + 0.9) / 3, 10);
  });

  it('breaks ties deterministically by provider id, whatever the catalog order', () => {
    const twins = [provider('zeta'), provider('alpha'), provider('mid')];
    for (const strategy of ['cheapest', 'fastest', 'balanced', 'quality'] as const) {
      expect(ids(router(twins).decide({ model: 'chat', strategy }))).toEqual(['alpha', 'mid', 'zeta']);
      expect(ids(router([...twins].reverse()).decide({ model: 'chat', strategy }))).toEqual(['alpha', 'mid', 'zeta']);
    }
  });

  it('keeps at most maxCandidates and reports how many were eligible', () => {
    const decision = router(catalog, { maxCandidates: 2 }).decide({ model: 'chat', strategy: 'cheapest', ...tokens });
    expect(ids(decision)).toEqual(['b', 'a']);
    expect(decision.eligible).toBe(3);
    expect(decision.considered).toBe(3);
  });
});

describe('createRouter: compliance', () => {
  const catalog = [
    provider('ollama-local', { tier: 'local', clearance: 'SECRET', retention: 'none' }, { price: { input: 0, output: 0 } }),
    provider('openai-us', { jurisdiction: 'US', operator: { name: 'OpenAI', country: 'US' }, retention: 30 }),
    provider('mistral-fr', { jurisdiction: 'FR', operator: { name: 'Mistral AI', country: 'FR' }, retention: 0 }, { capabilities: { vision: true } }),
  ];
  const policies = compilePolicies([
    { name: 'eu-personal-data', when: 'profile.hasPersonalData', require: { jurisdictions: ['EU', 'EEA'] } },
    { name: 'classified-stays-local', when: 'profile.classification in ["SECRET", "TOP SECRET"]', require: { tiers: ['local'] } },
  ], { expandJurisdiction });
  const subject = router(catalog);
  const decide = (profile: Parameters<typeof evaluatePolicies>[1]['profile'], extra: Partial<DecideInput> = {}) => {
    const evaluation = evaluatePolicies(policies, { principal: { tenant: 'acme', country: 'DE' }, profile, request: { model: 'chat' } });
    return subject.decide({ model: 'chat', strategy: 'cheapest', ...evaluation, ...extra });
  };

  it('keeps only compliant candidates and explains every exclusion with its policy', () => {
    const decision = decide({ classification: 'OFFICIAL', personalData: [{ kind: 'email', count: 1 }] });
    expect(ids(decision)).toEqual(['ollama-local', 'mistral-fr']);
    expect(decision.policies).toEqual(['eu-personal-data']);
    expect(decision.excluded).toEqual([{
      providerId: 'openai-us',
      model: 'chat',
      reasons: [{ kind: 'policy', policy: 'eu-personal-data', reason: 'jurisdiction US not in [EU, EEA] (policy eu-personal-data)' }],
    }]);
  });

  it('names the denying policies in a policy_denied error (403) and sends nothing anywhere', () => {
    const strict = compilePolicies([
      { name: 'eu-only', require: { jurisdictions: ['EU'] } },
      { name: 'no-retention', require: { maxRetentionDays: 0 } },
      { name: 'not-matched', when: 'false', require: { providers: ['none'] } },
      { name: 'us-only', require: { jurisdictions: ['US'] } },
    ], { expandJurisdiction });
    const evaluation = evaluatePolicies(strict, { principal: { tenant: 'acme' }, profile: { classification: 'UNCLASSIFIED' }, request: { model: 'chat' } });
    const denied = thrown(() => subject.decide({ model: 'chat', ...evaluation }));
    expect(denied.code).toBe('policy_denied');
    expect(denied.status).toBe(403);
    expect(denied.details?.['policies']).toEqual(['eu-only', 'no-retention', 'us-only']);
    expect(denied.message).toBe('No provider of "chat" satisfies the policies in force: eu-only, no-retention, us-only.');
    const decision = denied.details?.['decision'] as Decision;
    expect(denied.details?.['decisionId']).toBe(decision.id);
    expect(decision.candidates).toEqual([]);
    expect(decision.excluded.map((candidate) => candidate.providerId)).toEqual(['mistral-fr', 'ollama-local', 'openai-us']);
  });

  it('answers invalid_request when compliant candidates lack a required capability', () => {
    const error = thrown(() => decide({ classification: 'SECRET' }, { requiredCapabilities: { vision: true } }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/supports vision/);
    const decision = error.details?.['decision'] as Decision;
    expect(decision.excluded.find((candidate) => candidate.providerId === 'ollama-local')?.reasons).toEqual([{ kind: 'capability', reason: 'does not support vision' }]);
  });

  it('excludes models whose context window is too small for the request', () => {
    const small = router([provider('small', {}, { contextWindow: 1000 }), provider('large', {}, { contextWindow: 100_000 })]);
    const decision = small.decide({ model: 'chat', estimatedInputTokens: 5000 });
    expect(ids(decision)).toEqual(['large']);
    expect(decision.excluded[0]?.reasons[0]).toEqual({ kind: 'context-window', reason: 'context window of 1000 tokens is smaller than the estimated 5000 input tokens' });
  });

  it('lists compliant candidates whose circuit is open as unavailable, and asks health once per provider', () => {
    const asked: string[] = [];
    const decision = decide({ classification: 'OFFICIAL' }, {
      health: (providerId) => {
        asked.push(providerId);
        return providerId === 'ollama-local' ? 'open' : 'healthy';
      },
    });
    expect(ids(decision)).toEqual(['mistral-fr', 'openai-us']);
    expect(decision.unavailable).toEqual([{ providerId: 'ollama-local', model: 'chat' }]);
    expect(asked.sort()).toEqual(['mistral-fr', 'ollama-local', 'openai-us']);
  });

  it('answers no_healthy_candidate (503) when every compliant candidate is unavailable', () => {
    const error = thrown(() => decide({ classification: 'SECRET' }, { health: (providerId) => (providerId === 'ollama-local' ? 'open' : 'healthy') }));
    expect(error.code).toBe('no_healthy_candidate');
    expect(error.status).toBe(503);
    expect(error.details?.['providers']).toEqual(['ollama-local']);
  });
});

describe('createRouter: export control', () => {
  const catalog = [
    provider('frontier-us', { jurisdiction: 'US', operator: { name: 'Lab', country: 'US' } }, { exportControlled: true, exportGroups: ['FVEY'], price: { input: 0.1, output: 0.1 } }),
    provider('open-de', {}, { price: { input: 5, output: 5 } }),
  ];
  const subject = router(catalog);

  it('serves an export-controlled model to principals in its export groups only', () => {
    expect(ids(subject.decide({ model: 'chat', strategy: 'cheapest', principalCountry: 'GB' }))).toEqual(['frontier-us', 'open-de']);
    const denied = subject.decide({ model: 'chat', strategy: 'cheapest', principalCountry: 'DE' });
    expect(ids(denied)).toEqual(['open-de']);
    expect(denied.excluded).toEqual([{
      providerId: 'frontier-us',
      model: 'chat',
      reasons: [{ kind: 'export-control', reason: 'export-controlled model: principal country DE not in [FVEY]' }],
    }]);
    expect(subject.decide({ model: 'chat', strategy: 'cheapest' }).excluded[0]?.reasons[0]?.reason)
      .toBe("export-controlled model (groups [FVEY]) and the principal's country is unknown");
  });

  it('names export-control when it leaves nothing', () => {
    const error = thrown(() => subject.decide({ model: 'frontier-us/chat', principalCountry: 'CN' }));
    expect(error.code).toBe('policy_denied');
    expect(error.details?.['policies']).toEqual(['export-control']);
  });
});

describe('decisions', () => {
  it('have short, unique, URL-safe ids', () => {
    const subject = router([provider('a')]);
    const seen = new Set<string>();
    for (let index = 0; index < 5000; index++) seen.add(subject.decide({ model: 'chat' }).id);
    expect(seen.size).toBe(5000);
    for (const id of [...seen].slice(0, 100)) expect(id).toMatch(/^d_[A-Za-z0-9_-]{16}$/);
  });

  it('serialise to JSON with their exclusions, and explain themselves as text', () => {
    const policies = compilePolicies([
      { name: 'eu-only', require: { jurisdictions: ['EU'] } },
      { name: 'broken', when: 'profile.personalData[3].count > 0', actions: ['audit-prompt'] },
    ], { expandJurisdiction });
    const evaluation = evaluatePolicies(policies, { principal: { tenant: 'acme' }, profile: { classification: 'UNCLASSIFIED' }, request: { model: 'chat' } });
    const subject = router([provider('mistral-fr', { jurisdiction: 'FR' }, { upstreamName: 'mistral-large-2411' }), provider('openai-us', { jurisdiction: 'US' })], { now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });
    const decision = subject.decide({ model: 'chat', strategy: 'cheapest', estimatedInputTokens: 1000, ...evaluation });
    const stored = JSON.parse(JSON.stringify(decision)) as Decision;
    expect(stored.excluded).toEqual([{ providerId: 'openai-us', model: 'chat', reasons: [{ kind: 'policy', policy: 'eu-only', reason: 'jurisdiction US not in [EU] (policy eu-only)' }] }]);
    const text = explainDecision(stored);
    expect(text).toContain(`Decision ${decision.id} at 2025-01-02T03:04:05.000Z`);
    expect(text).toContain('Model "chat", strategy cheapest, 1000 input and 256 output tokens estimated.');
    expect(text).toContain('Policies in force: eu-only, broken.');
    expect(text).toMatch(/Policy broken could not be evaluated \(.*out of bounds.*\); it was applied anyway \(fail closed\)\./);
    expect(text).toContain('1. mistral-fr / chat (upstream mistral-large-2411): cloud in FR, score 1.000');
    expect(text).toContain('  - openai-us / chat: jurisdiction US not in [EU] (policy eu-only)');
  });
});
