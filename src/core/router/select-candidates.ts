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

/** What a scan orders by (lower first): the primary key; the secondary key breaks ties, then catalog order. */
const byCost = 0; // cost, then higher quality
const byLatency = 1; // expected latency, then cost
const byQuality = 2; // higher quality, then cost

/**
 * The state of one selection: a best-so-far buffer with room for `maxCandidates`, allocated once per router and
 * reused by every decision (decisions are synchronous). State lives here rather than in closures because under
 * tsx every named closure costs a `defineProperty` when it is created.
 */
export interface SelectionState {
  readonly primary: Float64Array;
  readonly secondary: Float64Array;
  readonly position: Int32Array;
  readonly cost: Float64Array;
  readonly latency: Float64Array;
  size: number;
  filled: number;
  /** Triples (position, primary, secondary) of candidates skipped for an open circuit; `undefined` when none. */
  skipped: number[] | undefined;
  health: HealthCache | undefined;
  mode: number;
  inputTokens: number;
  outputTokens: number;
  qualityFloor: number;
  checkContext: boolean;
  /** Balanced: the weights divided by their sum, and the best cost and latency among eligible candidates. */
  costWeight: number;
  latencyWeight: number;
  qualityWeight: number;
  minCost: number;
  minLatency: number;
}

export function createSelectionState(size: number): SelectionState {
  return {
    primary: new Float64Array(size),
    secondary: new Float64Array(size),
    position: new Int32Array(size),
    cost: new Float64Array(size),
    latency: new Float64Array(size),
    size,
    filled: 0,
    skipped: undefined,
    health: undefined,
    mode: byCost,
    inputTokens: 0,
    outputTokens: 0,
    qualityFloor: 0,
    checkContext: false,
    costWeight: 0,
    latencyWeight: 0,
    qualityWeight: 0,
    minCost: 0,
    minLatency: 0,
  };
}

export interface Selection {
  /** Compliant, capable, healthy, best first, at most `maxCandidates`. */
  readonly ranked: RankedCandidate[];
  /** Compliant candidates with the required capabilities (before context window, quality floor, health, truncation). */
  readonly eligible: number;
  /** Candidates skipped because their circuit is open that would otherwise have been ranked. */
  readonly unavailable: UnavailableCandidate[];
}

/** Groups smaller than this are scanned whole: a threshold scan only pays off over many candidates. */
const thresholdMinimum = 64;

const ratio = (best: number, value: number): number => (value <= best ? 1 : best / value);

function popcount(mask: Uint32Array): number {
  let count = 0;
  for (let word = 0; word < mask.length; word++) {
    let bits = mask[word]! - ((mask[word]! >>> 1) & 0x55555555);
    bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
    count += (Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return count;
}

/** The cost of a candidate for this request, or NaN when it is not eligible (mask, context window, quality floor). */
function costOf(state: SelectionState, group: CandidateGroup, position: number): number {
  if (((group.mask[position >>> 5]! >>> (position & 31)) & 1) === 0) return Number.NaN;
  if (state.checkContext && group.contextWindows[position]! < state.inputTokens) return Number.NaN;
  if (group.qualities[position]! < state.qualityFloor) return Number.NaN;
  return state.inputTokens * group.inputPrices[position]! + state.outputTokens * group.outputPrices[position]!;
}

/** Keys an eligible candidate (cheapest, fastest, quality) and offers it to the buffer. */
function consider(state: SelectionState, group: CandidateGroup, position: number): void {
  const cost = costOf(state, group, position);
  if (cost !== cost) return; // NaN: not eligible
  const latency = group.ttft[position]! + state.outputTokens * group.perToken[position]!;
  switch (state.mode) {
    case byCost: offer(state, group, position, cost, -group.qualities[position]!, cost, latency); break;
    case byLatency: offer(state, group, position, latency, cost, cost, latency); break;
    default: offer(state, group, position, -group.qualities[position]!, cost, cost, latency);
  }
}

/**
 * Inserts a keyed candidate into the buffer if it beats the worst kept one; health is asked only then. Equal
 * keys keep catalog order (the position), whatever order a scan visits candidates in.
 */
function offer(state: SelectionState, group: CandidateGroup, position: number, first: number, second: number, cost: number, latency: number): void {
  const { primary, secondary, size } = state;
  const filled = state.filled;
  if (filled === size && (first > primary[size - 1]! || (first === primary[size - 1]! && (second > secondary[size - 1]!
    || (second === secondary[size - 1]! && position > state.position[size - 1]!))))) return;
  let at = filled;
  while (at > 0 && (first < primary[at - 1]! || (first === primary[at - 1]!
    && (second < secondary[at - 1]! || (second === secondary[at - 1]! && position < state.position[at - 1]!))))) at--;
  if (at >= size) return;
  const candidate = group.candidates[position]!;
  if (state.health!.isOpen(candidate.providerSlot, candidate.providerId)) {
    (state.skipped ??= []).push(position, first, second);
    return;
  }
  for (let move = Math.min(filled, size - 1); move > at; move--) {
    primary[move] = primary[move - 1]!;
    secondary[move] = secondary[move - 1]!;
    state.position[move] = state.position[move - 1]!;
    state.cost[move] = state.cost[move - 1]!;
    state.latency[move] = state.latency[move - 1]!;
  }
  primary[at] = first;
  secondary[at] = second;
  state.position[at] = position;
  state.cost[at] = cost;
  state.latency[at] = latency;
  if (filled < size) state.filled = filled + 1;
}

/**
 * Balanced: scores every eligible candidate (a threshold scan over five sorted lists measured no faster: cost,
 * latency and quality are too independent for early stops). One tight loop with everything in locals.
 */
function scanBalanced(state: SelectionState, group: CandidateGroup): void {
  const { mask, words, inputPrices, outputPrices, ttft, perToken, qualities, contextWindows } = group;
  const { inputTokens, outputTokens, qualityFloor, checkContext, costWeight, latencyWeight, qualityWeight, minCost, minLatency } = state;
  const { primary, secondary, position: kept } = state;
  const last = state.size - 1;
  for (let word = 0; word < words; word++) {
    let bits = mask[word]! | 0;
    while (bits !== 0) {
      const lowest = bits & -bits;
      bits ^= lowest;
      const position = (word << 5) + 31 - Math.clz32(lowest);
      if (checkContext && contextWindows[position]! < inputTokens) continue;
      const quality = qualities[position]!;
      if (quality < qualityFloor) continue;
      const cost = inputTokens * inputPrices[position]! + outputTokens * outputPrices[position]!;
      const latency = ttft[position]! + outputTokens * perToken[position]!;
      const first = -(costWeight * (cost <= minCost ? 1 : minCost / cost) + latencyWeight * (latency <= minLatency ? 1 : minLatency / latency)
        + qualityWeight * quality);
      if (state.filled === state.size && (first > primary[last]! || (first === primary[last]!
        && (cost > secondary[last]! || (cost === secondary[last]! && position > kept[last]!))))) continue;
      offer(state, group, position, first, cost, cost, latency);
    }
  }
}

/** Offers every set bit of the mask, in catalog order. */
function scanAll(state: SelectionState, group: CandidateGroup): void {
  const { mask, words } = group;
  for (let word = 0; word < words; word++) {
    let bits = mask[word]! | 0;
    while (bits !== 0) {
      const lowest = bits & -bits;
      bits ^= lowest;
      consider(state, group, (word << 5) + 31 - Math.clz32(lowest));
    }
  }
}

function nextStamp(group: CandidateGroup): number {
  if (++group.seenStamp === 0x7fffffff) {
    group.seenStamp = 1;
    group.seen.fill(0);
  }
  return group.seenStamp;
}

/**
 * Fagin's threshold algorithm for a key `a * x + b * y` with `a, b >= 0`: walks the positions sorted by `x` and
 * by `y` in step; any candidate not yet seen at depth `d` has a key of at least `a * x[d] + b * y[d]`, so the scan
 * stops once the buffer is full and its worst key is below that bound. Exact, and usually a small fraction of
 * the candidates.
 * @see https://doi.org/10.1016/S0022-0000(03)00026-6
 */
function scanThreshold(
  state: SelectionState, group: CandidateGroup,
  byX: Int32Array, x: Float64Array, a: number, byY: Int32Array, y: Float64Array, b: number,
): void {
  const stamp = nextStamp(group);
  const { seen } = group;
  const last = state.size - 1;
  for (let depth = 0; depth < byX.length; depth++) {
    const fromX = byX[depth]!;
    if (seen[fromX] !== stamp) {
      seen[fromX] = stamp;
      consider(state, group, fromX);
    }
    const fromY = byY[depth]!;
    if (seen[fromY] !== stamp) {
      seen[fromY] = stamp;
      consider(state, group, fromY);
    }
    if (state.filled === state.size && state.primary[last]! < a * x[fromX]! + b * y[fromY]!) return;
  }
}

/** Quality without a floor: positions by descending quality; stops below the worst kept quality. */
function scanByQuality(state: SelectionState, group: CandidateGroup): void {
  const last = state.size - 1;
  for (const position of group.byQuality) {
    if (state.filled === state.size && state.primary[last]! < -group.qualities[position]!) return;
    consider(state, group, position);
  }
}

/** The smallest `a * x + b * y` among eligible candidates (threshold algorithm with one slot). */
function minimumOf(
  state: SelectionState, group: CandidateGroup,
  byX: Int32Array, x: Float64Array, a: number, byY: Int32Array, y: Float64Array, b: number,
): number {
  const stamp = nextStamp(group);
  const { seen } = group;
  let best = Number.POSITIVE_INFINITY;
  for (let depth = 0; depth < byX.length; depth++) {
    for (let list = 0; list < 2; list++) {
      const position = list === 0 ? byX[depth]! : byY[depth]!;
      if (seen[position] === stamp) continue;
      seen[position] = stamp;
      const cost = costOf(state, group, position);
      if (cost !== cost) continue; // NaN: not eligible
      const value = a * x[position]! + b * y[position]!;
      if (value < best) best = value;
    }
    if (best < a * x[byX[depth]!]! + b * y[byY[depth]!]!) break;
  }
  return best;
}

/**
 * Selects the best candidates among the set bits of `group.mask` into a fixed buffer: no sort, no allocation
 * per candidate, and health asked only of candidates that would be kept. Keys (lower first):
 * - cheapest: cost, then higher quality;  fastest: expected latency, then cost;
 * - balanced: higher weighted score (cost and latency as ratios to the best eligible, quality as is), then cost;
 * - quality: with a floor, cost then higher quality; without, higher quality then cost.
 * Cheapest, fastest and quality use threshold scans over presorted positions on large groups; balanced
 * finds the best cost and latency that way, then scores every eligible candidate.
 * Scores are in [0, 1], higher is better: under `cheapest` the cheapest scores 1 and twice its cost 0.5.
 */
export function selectCandidates(
  group: CandidateGroup,
  request: RoutingRequest,
  strategy: Strategy,
  weights: BalancedWeights,
  state: SelectionState,
  health: HealthCache,
): Selection {
  const eligible = popcount(group.mask);
  state.filled = 0;
  state.skipped = undefined;
  if (eligible === 0) return { ranked: [], eligible, unavailable: [] };
  state.health = health;
  state.inputTokens = request.inputTokens;
  state.outputTokens = request.outputTokens;
  state.qualityFloor = request.qualityFloor;
  state.checkContext = request.inputTokens > group.minContextWindow;
  const large = group.candidates.length >= thresholdMinimum;
  const { inputTokens: a, outputTokens: b } = request;
  const { inputPrices, outputPrices, ttft, perToken } = group;

  if (strategy === 'cheapest' || (strategy === 'quality' && request.qualityFloor > 0)) {
    state.mode = byCost;
    if (large) scanThreshold(state, group, group.byInputPrice, inputPrices, a, group.byOutputPrice, outputPrices, b);
    else scanAll(state, group);
  } else if (strategy === 'fastest') {
    state.mode = byLatency;
    if (large) scanThreshold(state, group, group.byTtft, ttft, 1, group.byPerToken, perToken, b);
    else scanAll(state, group);
  } else if (strategy === 'quality') {
    state.mode = byQuality;
    if (large) scanByQuality(state, group);
    else scanAll(state, group);
  } else {
    const total = weights.cost + weights.latency + weights.quality;
    state.costWeight = total > 0 ? weights.cost / total : 0;
    state.latencyWeight = total > 0 ? weights.latency / total : 0;
    state.qualityWeight = total > 0 ? weights.quality / total : 0;
    state.minCost = minimumOf(state, group, group.byInputPrice, inputPrices, a, group.byOutputPrice, outputPrices, b);
    state.minLatency = minimumOf(state, group, group.byTtft, ttft, 1, group.byPerToken, perToken, b);
    scanBalanced(state, group);
  }
  return collect(state, group, strategy, eligible);
}

function collect(state: SelectionState, group: CandidateGroup, strategy: Strategy, eligible: number): Selection {
  const { primary, secondary, filled, size } = state;
  const skipped = state.skipped as number[] | undefined;
  let minCost = Number.POSITIVE_INFINITY;
  let minLatency = Number.POSITIVE_INFINITY;
  if (strategy === 'cheapest' || strategy === 'fastest') {
    // The best eligible candidate is either kept or skipped for health: both were seen.
    for (let rank = 0; rank < filled; rank++) {
      minCost = Math.min(minCost, state.cost[rank]!);
      minLatency = Math.min(minLatency, state.latency[rank]!);
    }
    for (let index = 0; index < (skipped?.length ?? 0); index += 3) {
      const position = skipped![index]!;
      minCost = Math.min(minCost, state.inputTokens * group.inputPrices[position]! + state.outputTokens * group.outputPrices[position]!);
      minLatency = Math.min(minLatency, group.ttft[position]! + state.outputTokens * group.perToken[position]!);
    }
  }
  const ranked: RankedCandidate[] = new Array(filled);
  for (let rank = 0; rank < filled; rank++) {
    const candidate = group.candidates[state.position[rank]!]!;
    const cost = state.cost[rank]!;
    const latency = state.latency[rank]!;
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
    for (let index = 0; index < skipped.length; index += 3) {
      const first = skipped[index + 1]!;
      const second = skipped[index + 2]!;
      // Keep only those that would have ranked among the kept candidates had their circuit been closed.
      if (full && !(first < primary[size - 1]! || (first === primary[size - 1]! && second < secondary[size - 1]!))) continue;
      const candidate = group.candidates[skipped[index]!]!;
      unavailable.push({ providerId: candidate.providerId, model: candidate.model });
    }
  }
  state.health = undefined;
  return { ranked, eligible, unavailable };
}
