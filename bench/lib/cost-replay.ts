import { exactChatKey } from '../../src/cache/exact-cache-key.ts';
import type { ChatRequest } from '../../src/core/canonical/request.ts';
import type { Usage } from '../../src/core/canonical/result.ts';
import { costOfNanoUsd } from '../../src/security/pricing/cost-of.ts';
import { startSimulator } from '../../src/sim/simulator.ts';
import type { PricedProvider } from './priced-providers.ts';
import type { ReplayTurn } from './replay-turns.ts';
import { sendToSimulator } from './simulated-provider.ts';

/** One row of the cost table: how requests are rewritten (or answered) before they reach the provider. */
export interface Technique {
  name: string;
  group: 'baseline' | 'lossless' | 'exact-cache' | 'lossy';
  description: string;
  /** Rewrites the canonical request. Absent: the request goes out unchanged (the direct baseline). */
  rewrite?: (request: ChatRequest, provider: PricedProvider) => ChatRequest;
  /**
   * Puts an exact response cache in front, simulated here in the bench with the key the gateway's cache stage
   * uses (`exactChatKey` over the canonical request as the client sent it): a hit costs nothing and never reaches
   * the provider.
   */
  exactCache?: boolean;
  /** Providers the row applies to (default: all). */
  providers?: ReadonlyArray<PricedProvider['id']>;
}

/**
 * How one request reaches a provider: `request` is the rewritten canonical request, `undefined` for the direct
 * baseline (the client's own body). The default posts to a fresh in-process simulator; `gatewayTransport` posts the
 * client's body to a running gateway instead, whose own stages then do the rewriting (and its exact cache may
 * answer: `exactCacheHit`).
 */
export type Transport = (turn: ReplayTurn, request: ChatRequest | undefined) => Promise<{ usage: Usage; exactCacheHit?: boolean }>;

export interface ReplayTotals {
  requests: number;
  /** Requests that reached the provider (the others were exact-cache hits). */
  sent: number;
  exactCacheHits: number;
  /** All input tokens billed, cached and cache-write tokens included. */
  inputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  nanoUsd: number;
}

export interface ReplayOptions {
  /** Simulated time between two requests (default 10 s, an agent turn): cache lifetimes run on this clock. */
  stepMs?: number;
  /** Called after each request, for progress. */
  onProgress?: (done: number, total: number) => void;
  /** Replaces the default direct-to-simulator transport (e.g. a gateway in front of the simulator). */
  transport?: Transport;
}

/**
 * Replays turns in order against a fresh simulator priced like `provider`, with its prompt cache on and a
 * simulated clock, and adds up tokens and cost. Output tokens are each turn's gold assistant length, the same in
 * every row; input tokens are what the simulator reports (o200k counts of the rendered prompt).
 */
export async function replayCost(turns: readonly ReplayTurn[], provider: PricedProvider, technique: Technique, options: ReplayOptions = {}): Promise<ReplayTotals> {
  let now = 0;
  const simulator = options.transport ? undefined : await startSimulator({ promptCaching: { now: () => now }, defaultModel: { outputTokens: 1 } });
  const transport: Transport =
    options.transport ??
    (async (turn, request) => ({ usage: await sendToSimulator(simulator!.url, provider, request ? { request } : { rawBody: turn.body as unknown as Record<string, unknown> }) }));
  const seen = new Set<string>();
  const totals: ReplayTotals = { requests: 0, sent: 0, exactCacheHits: 0, inputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, outputTokens: 0, nanoUsd: 0 };
  try {
    for (const turn of turns) {
      now += options.stepMs ?? 10_000;
      totals.requests++;
      if (technique.exactCache) {
        const key = exactChatKey(turn.request, { tenant: 'bench', boundary: [provider.id] });
        if (seen.has(key)) {
          totals.exactCacheHits++;
          options.onProgress?.(totals.requests, turns.length);
          continue;
        }
        seen.add(key);
      }
      const rewritten = technique.rewrite?.(turn.request, provider);
      // The direct baseline to OpenAI sends the client's own body; every other row goes through the converters.
      const request = rewritten ?? (provider.dialect === 'openai' ? undefined : turn.request);
      const reported = await transport(turn, request);
      if (reported.exactCacheHit) {
        totals.exactCacheHits++;
        options.onProgress?.(totals.requests, turns.length);
        continue;
      }
      const usage: Usage = { ...reported.usage, outputTokens: turn.outputTokens };
      totals.sent++;
      totals.inputTokens += usage.inputTokens;
      totals.cachedTokens += usage.cachedInputTokens ?? 0;
      totals.cacheWriteTokens += usage.cacheWriteTokens ?? 0;
      totals.outputTokens += usage.outputTokens;
      totals.nanoUsd += costOfNanoUsd(usage, provider.price);
      options.onProgress?.(totals.requests, turns.length);
    }
  } finally {
    await simulator?.close();
  }
  return totals;
}
