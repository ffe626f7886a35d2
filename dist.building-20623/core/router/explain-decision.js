const usd = (value) => `$${value < 0.01 ? value.toPrecision(3) : value.toFixed(4)}`;
/**
 * A decision as text for people: `sovereign explain` and `GET /v1/decisions/:id`. Works on a decision read back
 * from storage (plain JSON) as well as on one fresh from the router.
 */
export function explainDecision(decision) {
    const lines = [];
    lines.push(`Decision ${decision.id} at ${new Date(decision.at).toISOString()}`);
    lines.push(`Model "${decision.model}", strategy ${decision.strategy}, ${decision.estimatedInputTokens} input and ${decision.estimatedOutputTokens} output tokens estimated.`);
    lines.push(decision.policies.length === 0 ? 'Policies in force: none.' : `Policies in force: ${decision.policies.join(', ')}.`);
    for (const error of decision.policyErrors) {
        lines.push(`Policy ${error.policy} could not be evaluated (${error.message}); it was applied anyway (fail closed).`);
    }
    const shown = decision.candidates.length;
    lines.push(`${decision.considered} candidate${decision.considered === 1 ? '' : 's'} considered, ${decision.eligible} eligible${shown < decision.eligible ? `, best ${shown} kept` : ''}.`);
    if (shown > 0) {
        lines.push('Candidates, best first:');
        decision.candidates.forEach((candidate, rank) => {
            const upstream = candidate.upstreamModel === candidate.model ? '' : ` (upstream ${candidate.upstreamModel})`;
            lines.push(`  ${rank + 1}. ${candidate.providerId} / ${candidate.model}${upstream}: ${candidate.tier} in ${candidate.jurisdiction}, `
                + `score ${candidate.score.toFixed(3)}, about ${usd(candidate.estimatedCostUsd)}, ~${Math.round(candidate.expectedLatencyMs)} ms, quality ${candidate.quality}`);
        });
    }
    else {
        lines.push('No candidate may serve this request.');
    }
    if (decision.unavailable.length > 0) {
        lines.push('Compliant but unavailable (circuit open):');
        for (const candidate of decision.unavailable)
            lines.push(`  - ${candidate.providerId} / ${candidate.model}`);
    }
    if (decision.excluded.length > 0) {
        lines.push('Excluded:');
        for (const candidate of decision.excluded) {
            lines.push(`  - ${candidate.providerId} / ${candidate.model}: ${candidate.reasons.map((reason) => reason.reason).join('; ')}`);
        }
    }
    return lines.join('\n');
}
//# sourceMappingURL=explain-decision.js.map