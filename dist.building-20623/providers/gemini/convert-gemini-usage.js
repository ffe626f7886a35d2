/**
 * Gemini `usageMetadata` → canonical usage. `promptTokenCount` already includes the cached tokens
 * (`cachedContentTokenCount`); tool-use prompt tokens are billed as input and added to it. Thinking tokens
 * (`thoughtsTokenCount`) are billed as output but not counted in `candidatesTokenCount`, so they are added to
 * `outputTokens` and also reported as `reasoningTokens` (the OpenAI convention).
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function convertGeminiUsage(metadata) {
    const thoughts = metadata?.thoughtsTokenCount ?? 0;
    const usage = {
        inputTokens: (metadata?.promptTokenCount ?? 0) + (metadata?.toolUsePromptTokenCount ?? 0),
        outputTokens: (metadata?.candidatesTokenCount ?? 0) + thoughts,
    };
    if (metadata?.cachedContentTokenCount !== undefined)
        usage.cachedInputTokens = metadata.cachedContentTokenCount;
    if (metadata?.thoughtsTokenCount !== undefined)
        usage.reasoningTokens = thoughts;
    if (metadata !== undefined)
        usage.raw = metadata;
    return usage;
}
//# sourceMappingURL=convert-gemini-usage.js.map