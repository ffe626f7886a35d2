export function exportAllows(candidate, country) {
    return candidate.exportCountries === undefined || candidate.exportCountries.has(country);
}
/** Every reason a candidate may not serve the request (empty when it may); computed only when asked for. */
export function exclusionReasons(candidate, request) {
    const reasons = [];
    const seen = new Set();
    for (const constraint of request.constraints) {
        if (seen.has(constraint))
            continue;
        seen.add(constraint);
        if (constraint.allows(candidate.facts))
            continue;
        for (const reason of constraint.explain(candidate.facts))
            reasons.push({ kind: 'policy', policy: constraint.policy, reason });
    }
    if (!exportAllows(candidate, request.principalCountry)) {
        const groups = `[${candidate.exportGroups.join(', ')}]`;
        reasons.push({
            kind: 'export-control',
            reason: request.principalCountry === ''
                ? `export-controlled model (groups ${groups}) and the principal's country is unknown`
                : `export-controlled model: principal country ${request.principalCountry} not in ${groups}`,
        });
    }
    for (const capability of ['tools', 'vision', 'json']) {
        if (request[capability] && !candidate[capability])
            reasons.push({ kind: 'capability', reason: `does not support ${capability}` });
    }
    if (candidate.contextWindow < request.inputTokens) {
        reasons.push({
            kind: 'context-window',
            reason: `context window of ${candidate.contextWindow} tokens is smaller than the estimated ${request.inputTokens} input tokens`,
        });
    }
    if (candidate.quality < request.qualityFloor) {
        reasons.push({ kind: 'quality-floor', reason: `quality ${candidate.quality} below the floor of ${request.qualityFloor}` });
    }
    return reasons;
}
//# sourceMappingURL=routing-request.js.map