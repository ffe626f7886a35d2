/**
 * The tokens a chat request is admitted with against tokens-per-minute limits: its estimated input plus the most
 * output it may produce (the client's `max_tokens`, else the model's own cap, else the configured default, never
 * more than the context window), on the dearest model it may be answered by; a cascade may be answered twice.
 * What it needs at the least is one answer with the output the client asked for (only the input when it asked
 * for none), so a request without `max_tokens` is never refused because of an assumed output: it holds what is
 * left of the limit when its assumed worst case does not fit (see `TokenCost.requiredTokens`).
 */
export function tokenRateCost(input) {
    const inputTokens = Math.max(0, Math.ceil(input.inputTokens));
    const output = (model) => Math.max(0, Math.min(input.maxOutputTokens ?? model.maxOutputTokens ?? input.defaultOutputTokens, model.contextWindow));
    const answer = (models) => (models.length === 0 ? 0 : inputTokens + Math.max(...models.map(output)));
    const first = input.models[0];
    const required = inputTokens + (input.maxOutputTokens === undefined || !first ? 0 : output(first));
    return { tokens: answer(input.models) + answer(input.escalation ?? []), requiredTokens: required };
}
//# sourceMappingURL=token-rate-cost.js.map