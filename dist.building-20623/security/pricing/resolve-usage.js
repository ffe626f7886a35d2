import { countOutputTokens, countTokens } from "./count-tokens.js";
/**
 * The usage to account for a chat request. The provider's figures win; a figure it did not report (no usage
 * object, or zero input tokens, which no real chat request has) is counted with the tokenizer. Zero output
 * tokens are believed only when the answer is empty.
 */
export function resolveUsage(request, content, reported) {
    const reportedInput = reported?.inputTokens ?? 0;
    const reportedOutput = reported?.outputTokens ?? 0;
    const usage = { ...reported, inputTokens: reportedInput, outputTokens: reportedOutput };
    let counted = false;
    if (reportedInput <= 0) {
        usage.inputTokens = countTokens(request);
        counted = true;
    }
    if (reportedOutput <= 0) {
        const output = countOutputTokens(content);
        if (output > 0) {
            usage.outputTokens = output;
            counted = true;
        }
    }
    return { usage, counted };
}
//# sourceMappingURL=resolve-usage.js.map