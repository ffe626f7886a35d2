import { GatewayError } from '../errors/gateway-error.ts';
import type { CompiledConstraint, ExpandJurisdiction } from '../policy/compile-constraint.ts';
import type { TransportFacts } from '../transport/transport-security.ts';
import type { PolicyEvaluationError } from '../policy/evaluate-policies.ts';
import { buildCandidateIndex, sortedPositions, type CandidateGroup, type RoutableProvider } from './candidate-index.ts';
import { applyConstraints, applyExportControl, applyMask } from './compliance-mask.ts';
import { createDecisionId } from './decision-id.ts';
import type { Decision, ExcludedCandidate, Strategy } from './decision.ts';
import { HealthCache, type ProviderHealth } from './health-cache.ts';
import type { ProviderStats } from './provider-stats.ts';
import { exclusionReasons, type RoutingRequest } from './routing-request.ts';
import { deniedError, incapableError, unhealthyError } from './routing-errors.ts';
import { createSelectionState, selectCandidates, type BalancedWeights } from './select-candidates.ts';

export interface DecideInput {
  /** A model name, an alias, `auto`, or `provider-id/model` to pin a provider. */
  readonly model: string;
  readonly strategy?: Strategy;
  /** The constraints of the matched policies (`evaluatePolicies(...).constraints`). */
  readonly constraints?: readonly CompiledConstraint[];
  /** Names of the matched policies, recorded in the decision (`evaluatePolicies(...).matched`). */
  readonly matched?: readonly string[];
  /** Conditions that failed closed (`evaluatePolicies(...).errors`), recorded in the decision. */
  readonly errors?: readonly PolicyEvaluationError[];
  /** The principal's home country (ISO 3166-1 alpha-2), for export control. */
  readonly principalCountry?: string;
  readonly requiredCapabilities?: { readonly tools?: boolean; readonly vision?: boolean; readonly json?: boolean };
  readonly estimatedInputTokens?: number;
  /** Defaults to the router's `defaultOutputTokens`. */
  readonly estimatedOutputTokens?: number;
  /** Minimum `quality.overall`, in [0, 1]. */
  readonly qualityFloor?: number;
  /** Circuit state per provider; asked only for candidates that would be ranked. */
  readonly health?: (providerId: string) => ProviderHealth;
}

/**
 * The live transport facts of providers (what `postQuantumTransport` constraints test). `version` changes whenever
 * any provider's facts change, so the router drops the compliance masks it cached from older facts.
 */
export interface TransportFactsSource {
  of(providerId: string): TransportFacts;
  readonly version: number;
}

export interface RouterOptions {
  readonly expandJurisdiction: ExpandJurisdiction;
  /** Default: every provider's transport is unverified (a `postQuantumTransport` constraint then admits none). */
  readonly transport?: TransportFactsSource;
  readonly stats?: ProviderStats;
  /** Default `{ cost: 1, latency: 1, quality: 1 }`. */
  readonly weights?: Partial<BalancedWeights>;
  /** Ordered candidates kept in a decision (the fallback chain). Default 8. */
  readonly maxCandidates?: number;
  /** Default `balanced`. */
  readonly defaultStrategy?: Strategy;
  /** Output tokens assumed for cost and latency when the request gives no estimate. Default 256. */
  readonly defaultOutputTokens?: number;
  /** Latency assumed for a provider without observations. Defaults 800 ms and 40 tokens/s. */
  readonly priorTtftMs?: number;
  readonly priorTokensPerSecond?: number;
  /** Live statistics are folded into the latency estimates at most this often. Default 100 ms. */
  readonly statsRefreshMs?: number;
  readonly now?: () => number;
  readonly createId?: () => string;
}

export interface Router {
  /**
   * Decides where a request may and should go. Throws `model_not_found` (unknown name), `policy_denied` (no
   * compliant candidate; names the policies), `invalid_request` (compliant candidates exist but none is capable)
   * or `no_healthy_candidate` (every compliant, capable candidate's circuit is open). Errors carry the decision
   * in `details.decision` (and its id in `details.decisionId`).
   */
  decide(input: DecideInput): Decision;
  /** Every name clients may ask for. */
  models(): string[];
  readonly candidateCount: number;
}

/**
 * Builds the candidate index once and returns a router whose decisions cost microseconds: compliance is a bit
 * mask per (name, list of constraints), capabilities are precomputed masks, and only the surviving candidates
 * are scored, in one pass into a fixed-size buffer.
 */
export function createRouter(catalog: { readonly providers: readonly RoutableProvider[] }, options: RouterOptions): Router {
  const transport = options.transport;
  const index = buildCandidateIndex(catalog, options.expandJurisdiction, options.stats, transport ? (providerId) => transport.of(providerId) : undefined);
  let transportVersion = transport?.version ?? 0;
  const stats = options.stats;
  const weights: BalancedWeights = { cost: 1, latency: 1, quality: 1, ...options.weights };
  const maxCandidates = Math.max(1, options.maxCandidates ?? 8);
  const defaultStrategy = options.defaultStrategy ?? 'balanced';
  const defaultOutputTokens = options.defaultOutputTokens ?? 256;
  const priorTtftMs = options.priorTtftMs ?? 800;
  const priorTokensPerSecond = options.priorTokensPerSecond ?? 40;
  const statsRefreshMs = options.statsRefreshMs ?? 100;
  const now = options.now ?? Date.now;
  const createId = options.createId ?? createDecisionId;
  const health = new HealthCache(index.providerCount);
  const selectionState = createSelectionState(maxCandidates);

  /** Folds the live statistics into the group's latency arrays (expected attempts are 1 / success rate). */
  function refreshLatency(group: CandidateGroup, at: number): void {
    const version = stats?.version ?? 0;
    if (group.latencyVersion === version || at - group.latencyRefreshedAt < statsRefreshMs) return;
    group.latencyVersion = version;
    group.latencyRefreshedAt = at;
    group.candidates.forEach((candidate, position) => {
      const record = candidate.stats;
      const observed = record !== undefined && record.latencySamples > 0;
      const success = 1 - (record === undefined ? 0 : Math.min(record.errorRate, 0.9));
      // Measured figures once the provider has answered (a whole answer's time already includes its tokens: no
      // pace measured means none to add), the provider's configured ones before, the router's priors without either.
      const rate = observed ? record.tokensPerSecond : candidate.priorTokensPerSecond ?? priorTokensPerSecond;
      group.ttft[position] = (observed ? record.ttftMs : candidate.priorTtftMs ?? priorTtftMs) / success;
      group.perToken[position] = rate > 0 ? 1000 / rate / success : 0;
    });
    group.byTtft = sortedPositions(group.candidates.length, (a, b) => group.ttft[a]! - group.ttft[b]!);
    group.byPerToken = sortedPositions(group.candidates.length, (a, b) => group.perToken[a]! - group.perToken[b]!);
  }

  function decide(input: DecideInput): Decision {
    const group = index.group(input.model);
    if (group === undefined) {
      throw new GatewayError('model_not_found', {
        message: `The model "${input.model}" does not exist or is not served by any provider.`,
        param: 'model',
      });
    }
    const capabilities = input.requiredCapabilities;
    const request: RoutingRequest = {
      constraints: input.constraints ?? [],
      principalCountry: input.principalCountry ?? '',
      tools: capabilities?.tools === true,
      vision: capabilities?.vision === true,
      json: capabilities?.json === true,
      inputTokens: Math.max(0, input.estimatedInputTokens ?? 0),
      outputTokens: Math.max(0, input.estimatedOutputTokens ?? defaultOutputTokens),
      qualityFloor: input.qualityFloor ?? 0,
    };
    if (transport !== undefined && transport.version !== transportVersion) {
      transportVersion = transport.version;
      index.forgetConstraintMasks();
    }
    const strategy = input.strategy ?? defaultStrategy;
    const at = now();
    refreshLatency(group, at);

    applyConstraints(group, request.constraints);
    applyExportControl(group, request.principalCountry);
    let compliant = 0;
    for (let word = 0; word < group.words; word++) compliant |= group.mask[word]!;
    if (request.tools) applyMask(group, group.tools);
    if (request.vision) applyMask(group, group.vision);
    if (request.json) applyMask(group, group.json);

    health.begin(input.health);
    const selection = selectCandidates(group, request, strategy, weights, selectionState, health);
    let excluded: readonly ExcludedCandidate[] | undefined;
    const decision: Decision = {
      id: createId(),
      at,
      model: input.model,
      strategy,
      candidates: selection.ranked,
      eligible: selection.eligible,
      considered: group.candidates.length,
      get excluded() {
        excluded ??= listExclusions(group, request);
        return excluded;
      },
      unavailable: selection.unavailable,
      policies: input.matched ?? [...new Set(request.constraints.map((constraint) => constraint.policy))],
      policyErrors: input.errors ?? [],
      estimatedInputTokens: request.inputTokens,
      estimatedOutputTokens: request.outputTokens,
    };
    if (compliant === 0) throw deniedError(decision, group, request);
    if (selection.ranked.length === 0) throw selection.unavailable.length === 0 ? incapableError(decision, request) : unhealthyError(decision);
    return decision;
  }

  return { decide, models: index.names, candidateCount: index.candidates.length };
}

function listExclusions(group: CandidateGroup, request: RoutingRequest): ExcludedCandidate[] {
  const excluded: ExcludedCandidate[] = [];
  for (const candidate of group.candidates) {
    const reasons = exclusionReasons(candidate, request);
    if (reasons.length > 0) excluded.push({ providerId: candidate.providerId, model: candidate.model, reasons });
  }
  return excluded;
}
