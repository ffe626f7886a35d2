import { GatewayError } from "../errors/gateway-error.js";
import { buildCandidateIndex, sortedPositions } from "./candidate-index.js";
import { applyConstraints, applyExportControl, applyMask } from "./compliance-mask.js";
import { createDecisionId } from "./decision-id.js";
import { HealthCache } from "./health-cache.js";
import { exclusionReasons } from "./routing-request.js";
import { deniedError, incapableError, unhealthyError } from "./routing-errors.js";
import { createSelectionState, selectCandidates } from "./select-candidates.js";
/**
 * Builds the candidate index once and returns a router whose decisions cost microseconds: compliance is a bit
 * mask per (name, list of constraints), capabilities are precomputed masks, and only the surviving candidates
 * are scored, in one pass into a fixed-size buffer.
 */
export function createRouter(catalog, options) {
    const transport = options.transport;
    const index = buildCandidateIndex(catalog, options.expandJurisdiction, options.stats, transport ? (providerId) => transport.of(providerId) : undefined);
    let transportVersion = transport?.version ?? 0;
    const stats = options.stats;
    const weights = { cost: 1, latency: 1, quality: 1, ...options.weights };
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
    function refreshLatency(group, at) {
        const version = stats?.version ?? 0;
        if (group.latencyVersion === version || at - group.latencyRefreshedAt < statsRefreshMs)
            return;
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
        group.byTtft = sortedPositions(group.candidates.length, (a, b) => group.ttft[a] - group.ttft[b]);
        group.byPerToken = sortedPositions(group.candidates.length, (a, b) => group.perToken[a] - group.perToken[b]);
    }
    function decide(input) {
        const group = index.group(input.model);
        if (group === undefined) {
            throw new GatewayError('model_not_found', {
                message: `The model "${input.model}" does not exist or is not served by any provider.`,
                param: 'model',
            });
        }
        const capabilities = input.requiredCapabilities;
        const request = {
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
        for (let word = 0; word < group.words; word++)
            compliant |= group.mask[word];
        if (request.tools)
            applyMask(group, group.tools);
        if (request.vision)
            applyMask(group, group.vision);
        if (request.json)
            applyMask(group, group.json);
        health.begin(input.health);
        const selection = selectCandidates(group, request, strategy, weights, selectionState, health);
        let excluded;
        const decision = {
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
        if (compliant === 0)
            throw deniedError(decision, group, request);
        if (selection.ranked.length === 0)
            throw selection.unavailable.length === 0 ? incapableError(decision, request) : unhealthyError(decision);
        return decision;
    }
    return { decide, models: index.names, candidateCount: index.candidates.length };
}
function listExclusions(group, request) {
    const excluded = [];
    for (const candidate of group.candidates) {
        const reasons = exclusionReasons(candidate, request);
        if (reasons.length > 0)
            excluded.push({ providerId: candidate.providerId, model: candidate.model, reasons });
    }
    return excluded;
}
//# sourceMappingURL=create-router.js.map