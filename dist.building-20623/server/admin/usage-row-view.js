/** A usage row as JSON: snake_case, only the grouping fields asked for, cost in USD (and exact nano-dollars). */
export function toUsageRowView(row) {
    const view = {};
    if (row.tenant !== undefined)
        view.tenant = row.tenant;
    if (row.keyId !== undefined)
        view.key_id = row.keyId;
    if (row.model !== undefined)
        view.model = row.model;
    if (row.provider !== undefined)
        view.provider = row.provider;
    if (row.day !== undefined)
        view.day = row.day;
    return {
        ...view,
        requests: row.requests,
        errors: row.errors,
        input_tokens: row.inputTokens,
        cached_input_tokens: row.cachedInputTokens,
        cache_write_tokens: row.cacheWriteTokens,
        output_tokens: row.outputTokens,
        total_tokens: row.inputTokens + row.outputTokens,
        cost_usd: row.costUsd,
        cost_nano_usd: row.costNanoUsd,
    };
}
//# sourceMappingURL=usage-row-view.js.map