/**
 * Ollama's final counters → canonical usage: `prompt_eval_count` input tokens, `eval_count` output tokens.
 * Ollama leaves `prompt_eval_count` out when the whole prompt came from its KV cache, which reads as 0.
 * The counters and durations (nanoseconds) are kept as `raw`.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function convertOllamaUsage(response) {
    const { prompt_eval_count, eval_count, total_duration, load_duration, prompt_eval_duration, eval_duration } = response;
    return {
        inputTokens: prompt_eval_count ?? 0,
        outputTokens: eval_count ?? 0,
        raw: { prompt_eval_count, eval_count, total_duration, load_duration, prompt_eval_duration, eval_duration },
    };
}
//# sourceMappingURL=convert-ollama-usage.js.map