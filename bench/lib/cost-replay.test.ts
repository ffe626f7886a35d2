import { describe, expect, it } from 'vitest';
import { placeAnthropicCacheBreakpoints } from '../../src/core/prompt-cache/index.ts';
import { toAnthropicRequest } from '../../src/providers/anthropic/to-anthropic-request.ts';
import { replayCost, type Technique } from './cost-replay.ts';
import { allLossless, costTechniques } from './cost-techniques.ts';
import { inferToolSchemas } from './infer-tool-schemas.ts';
import { pricedProviders } from './priced-providers.ts';
import { replayTurns } from './replay-turns.ts';
import { loadTauTrajectories } from './tau-bench.ts';

const all = loadTauTrajectories();
const turns = replayTurns(all.slice(0, 3), inferToolSchemas(all), 'gpt-4o');
const [openai, anthropic] = pricedProviders as [(typeof pricedProviders)[number], (typeof pricedProviders)[number]];
const technique = (name: string): Technique => costTechniques.find((item) => item.name === name)!;

describe('cost replay (3 tau-bench trajectories)', () => {
  it('OpenAI: the baseline already hits the automatic cache; the gateway converters change nothing; lossless rows cost less', async () => {
    const baseline = await replayCost(turns, openai, technique('baseline'));
    const roundTrip = await replayCost(turns, openai, { name: 'round-trip', group: 'baseline', description: '', rewrite: (request) => request });
    const lossless = await replayCost(turns, openai, technique('all-lossless'));
    expect(baseline.requests).toBe(turns.length);
    expect(baseline.cachedTokens).toBeGreaterThan(baseline.inputTokens / 2);
    expect(roundTrip).toEqual(baseline);
    expect(lossless.inputTokens).toBeLessThan(baseline.inputTokens);
    expect(lossless.outputTokens).toBe(baseline.outputTokens);
    expect(lossless.nanoUsd).toBeLessThan(baseline.nanoUsd);
  });

  it('Anthropic: nothing is cached without breakpoints; with them the same turns cost less than half', async () => {
    const baseline = await replayCost(turns, anthropic, technique('baseline'));
    const lossless = await replayCost(turns, anthropic, technique('all-lossless'));
    expect(baseline).toMatchObject({ cachedTokens: 0, cacheWriteTokens: 0 });
    expect(lossless.cachedTokens).toBeGreaterThan(0);
    expect(lossless.cacheWriteTokens).toBeGreaterThan(0);
    expect(lossless.nanoUsd).toBeLessThan(baseline.nanoUsd / 2);
  });

  it('the Anthropic converter carries the placed breakpoints onto the system block and the tool result', () => {
    const turn = turns.find((item) => item.request.messages.at(-1)?.role === 'tool' && item.request.messages.at(-1)?.content.some((part) => part.type === 'tool-result' && part.content !== ''))!;
    const placed = placeAnthropicCacheBreakpoints(turn.request);
    const { body } = toAnthropicRequest(placed.request);
    expect(Array.isArray(body.system) && body.system[0]).toMatchObject({ cache_control: { type: 'ephemeral' } });
    const marked = JSON.stringify(body.messages).match(/"cache_control":\{"type":"ephemeral"\}/g) ?? [];
    expect(marked.length).toBe(placed.placed.length - 1);
    expect(JSON.stringify(allLossless(turn.request, anthropic))).toContain('cache_control');
    expect(JSON.stringify(allLossless(turn.request, openai))).not.toContain('cache_control');
  });

  it('an exact cache in front answers repeated requests without reaching the provider', async () => {
    const twice = [...turns.slice(0, 4), ...turns.slice(0, 4)];
    const totals = await replayCost(twice, openai, technique('exact-cache'));
    expect(totals).toMatchObject({ requests: 8, sent: 4, exactCacheHits: 4 });
  });
});
