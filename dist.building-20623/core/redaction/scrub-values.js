import { placeholderFor } from "./placeholder.js";
import { isRedactableFinding } from "./redact-texts.js";
import { createTokenReplacer } from "./token-replacer.js";
/**
 * A function that replaces every value the detectors found in a request (personal data, credentials) with its
 * typed placeholder wherever it appears in a text, for what the gateway itself says about the request: error
 * messages that echo a provider's words (`Invalid content: ...`) and the decision's attempt log. Unlike
 * `redactTexts` it keeps no way back.
 * @param texts the request's texts as the client sent them (before any redaction)
 */
export function createValueScrubber(texts, findings) {
    const tokens = new Map();
    const next = new Map();
    for (const finding of findings) {
        if (!isRedactableFinding(finding))
            continue;
        const value = texts[finding.text]?.slice(finding.start, finding.end);
        if (!value || tokens.has(value))
            continue;
        const ordinal = next.get(finding.kind) ?? 1;
        next.set(finding.kind, ordinal + 1);
        tokens.set(value, placeholderFor(finding.kind, ordinal));
    }
    const replacer = createTokenReplacer(tokens);
    return (text) => replacer.replace(text);
}
/** Scrubs an error's message and stack in place (the stack repeats the message) and returns it. */
export function scrubError(error, scrub) {
    if (error instanceof Error) {
        const message = scrub(error.message);
        if (message !== error.message) {
            error.message = message;
            if (error.stack !== undefined)
                error.stack = scrub(error.stack);
        }
    }
    return error;
}
/** Passes a stream on, scrubbing the messages of its `error` parts and of anything it throws. */
export async function* scrubStreamErrors(parts, scrub) {
    try {
        for await (const part of parts) {
            if (part.type === 'error')
                scrubError(part.error, scrub);
            yield part;
        }
    }
    catch (error) {
        throw scrubError(error, scrub);
    }
}
//# sourceMappingURL=scrub-values.js.map