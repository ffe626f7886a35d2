import type { CandidateGroup } from './candidate-index.ts';
import type { RankedCandidate, Strategy, UnavailableCandidate } from './decision.ts';
import type { HealthCache } from './health-cache.ts';
import type { RoutingRequest } from './routing-request.ts';

/** Weights of the `balanced` strategy; they need not sum to 1. */
export interface BalancedWeights {
  readonly cost: number;
  readonly latency: number;
  readonly quality: number;
}

/**
 * The best-so-far buffer, allocated once per router with room for `maxCandidates` and reused by every decision
 * (decisions are synchronous). State lives here rather than in closures: under tsx every named closure costs a
 * `defineProperty` when created.
 */
export interface SelectionBuffer {
  readonly primary: Float64Array;
  readonly secondary: Float64Array;
  readonly position: Int32Array;
  readonly cost: Float64Array;
  readonly latency: Float64Array;
  size: number;
  filled: number;
  /** Triples (position, primary, secondary) of candidates skipped for an open circuit; `undefined` when none. */
  skipped: number[] | undefined;
}

export function createSelectionBuffer(size: number): SelectionBuffer {
  return {
    primary: new Float64Array(size),
    secondary: new Float64Array(size),
    position: new Int32Array(size),
    cost: new Float64Array(size),
    latency: new Float64Array(size),
    size,
    filled: 0,
    skipped: undefined,
  };
}

/** Offers a candidate to the buffer; health is asked only if it would be kept. */
function offer(
  buffer: SelectionBuffer, group: CandidateGroup, health: HealthCache,
  position: number, first: number, second: number, cost: number, latency: number,
): void {
  const { primary, secondary, size } = buffer;
  const filled = buffer.filled;
  let at = filled;
  // Candidates arrive in catalog order, so an equal key never displaces an earlier one: ties are deterministic.
  while (at > 0 && (first < primary[at - 1]! || (first === primary[at - 1]! && second < secondary[at - 1]!))) at--;
  if (at >= size) return;
  const candidate = group.candidates[position]!;
  if (health.isOpen(candidate.providerSlot, candidate.providerId)) {
    (buffer.skipped ??= []).push(position, first, second);
    return;
  }
  for (let move = Math.min(filled, size - 1); move > at; move--) {
    primary[move] = primary[move - 1]!;
    secondary[move] = secondary[move - 1]!;
    buffer.position[move] = buffer.position[move - 1]!;
    buffer.cost[move] = buffer.cost[move - 1]!;
    buffer.latency[move] = buffer.latency[move - 1]!;
  }
  primary[at] = first;
  secondary[at] = second;
  buffer.position[at] = position;
  buffer.cost[at] = cost;
  buffer.latency[at] = latency;
  if (filled < size) buffer.filled = filled + 1;
}

export interface Selection {
  /** Compliant, capable, healthy, best first, at most the buffer size. */
  readonly ranked: RankedCandidate[];
  /** Compliant and capable (before health and truncation). */
  readonly eligible: number;
  /** Candidates skipped because their circuit is open that would otherwise have been ranked. */
  readonly unavailable: UnavailableCandidate[];
}

const ratio = (best: number, value: number): number => (value <= best ? 1 : best / value);

/**
 * Selects the best candidates among the set bits of `group.mask`, keeping the best `limit` by (primary,
 * secondary, catalog order), lower first, in a fixed buffer: O(n * limit), no sort, no allocation per
 * candidate. Health is asked only of candidates that would enter the buffer, so a decision over thousands of
 * candidates asks it a handful of times. Keys:
 * - cheapest: cost, then higher quality;  fastest: expected latency, then cost;
 * - balanced: higher weighted score (cost and latency as ratios to the best eligible, quality as is), then cost;
 * - quality: with a floor (already applied), cost then higher quality; without, higher quality then cost.
 * Scores are in [0, 1], higher is better: under `cheapest` the cheapest scores 1 and twice its cost 0.5.
 */
export function selectCandidates(
  group: CandidateGroup,
  request: RoutingRequest,
  strategy: Strategy,
  weights: BalancedWeights,
  buffer: SelectionBuffer,
  limit: number,
  health: HealthCache,
): Selection {
  const { mask, words, contextWindows, qualities, inputPrices, outputPrices, ttft, perToken } = group;
  const { inputTokens, outputTokens, qualityFloor } = request;
  const size = Math.min(limit, buffer.primary.length);
  buffer.size = size;
  buffer.filled = 0;
  buffer.skipped = undefined;
  const balanced = strategy === 'balanced';
  // Keys: cheapest and quality-with-floor order by cost, fastest by latency, quality without floor by quality.
  const byCost = strategy === 'cheapest' || (strategy === 'quality' && qualityFloor > 0);
  const byLatency = strategy === 'fastest';
  const needLatency = byLatency || balanced;
  const checkContext = inputTokens > group.minContextWindow;
  const checkQuality = qualityFloor > 0;
  const { primary, secondary } = buffer;
  const last = size - 1;
  let count = 0;
  let minCost = Number.POSITIVE_INFINITY;
  let minLatency = Number.POSITIVE_INFINITY;

  for (let word = 0; word < words; word++) {
    let bits = mask[word]! | 0;
    while (bits !== 0) {
      const lowest = bits & -bits;
      bits ^= lowest;
      const position = (word << 5) + 31 - Math.clz32(lowest);
      if (checkContext && contextWindows[position]! < inputTokens) continue;
      if (checkQuality && qualities[position]! < qualityFloor) continue;
      const cost = inputTokens * inputPrices[position]! + outputTokens * outputPrices[position]!;
      const latency = needLatency ? ttft[position]! + outputTokens * perToken[position]! : 0;
      if (cost < minCost) minCost = cost;
      if (latency < minLatency) minLatency = latency;
      count++;
      if (balanced) {
        group.eligible[count - 1] = position;
        group.cost[count - 1] = cost;
        group.latency[count - 1] = latency;
        continue;
      }
      let first: number;
      let second: number;
      if (byCost) {
        first = cost;
        second = -qualities[position]!;
      } else if (byLatency) {
        first = latency;
        second = cost;
      } else {
        first = -qualities[position]!;
        second = cost;
      }
      // Most candidates lose to the worst kept one: reject them without a call.
      if (buffer.filled === size && (first > primary[last]! || (first === primary[last]! && second >= secondary[last]!))) continue;
      offer(buffer, group, health, position, first, second, cost, latency);
    }
  }
  const totalWeight = weights.cost + weights.latency + weights.quality;
  if (balanced && totalWeight > 0) {
    for (let index = 0; index < count; index++) {
      const position = group.eligible[index]!;
      const cost = group.cost[index]!;
      const latency = group.latency[index]!;
      const score = (weights.cost * ratio(minCost, cost) + weights.latency * ratio(minLatency, latency)
        + weights.quality * qualities[position]!) / totalWeight;
      if (buffer.filled === size && (-score > primary[last]! || (-score === primary[last]! && cost >= secondary[last]!))) continue;
      offer(buffer, group, health, position, -score, cost, cost, latency);
    }
  } else if (balanced) {
    for (let index = 0; index < count; index++) offer(buffer, group, health, group.eligible[index]!, 0, group.cost[index]!, group.cost[index]!, group.latency[index]!);
  }

  const { position: kept, filled } = buffer;
  const skipped = buffer.skipped as number[] | undefined;
  const ranked: RankedCandidate[] = new Array(filled);
  for (let rank = 0; rank < filled; rank++) {
    const candidate = group.candidates[kept[rank]!]!;
    const cost = buffer.cost[rank]!;
    const latency = needLatency ? buffer.latency[rank]! : ttft[kept[rank]!]! + outputTokens * perToken[kept[rank]!]!;
    let score: number;
    switch (strategy) {
      case 'cheapest': score = ratio(minCost, cost); break;
      case 'fastest': score = ratio(minLatency, latency); break;
      case 'balanced': score = -primary[rank]!; break;
      default: score = candidate.quality;
    }
    ranked[rank] = {
      providerId: candidate.providerId,
      model: candidate.model,
      upstreamModel: candidate.upstreamModel,
      tier: candidate.tier,
      jurisdiction: candidate.jurisdiction,
      score,
      estimatedCostUsd: cost,
      expectedLatencyMs: latency,
      quality: candidate.quality,
    };
  }
  const unavailable: UnavailableCandidate[] = [];
  if (skipped !== undefined) {
    const full = filled === size;
    const lastFirst = primary[size - 1]!;
    const lastSecond = secondary[size - 1]!;
    for (let index = 0; index < skipped.length; index += 3) {
      const first = skipped[index + 1]!;
      const second = skipped[index + 2]!;
      // Keep only those that would have ranked among the kept candidates had their circuit been closed.
      if (full && !(first < lastFirst || (first === lastFirst && second < lastSecond))) continue;
      const candidate = group.candidates[skipped[index]!]!;
      unavailable.push({ providerId: candidate.providerId, model: candidate.model });
    }
  }
  return { ranked, eligible: count, unavailable };
}
