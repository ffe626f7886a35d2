/**
 * Redaction and pseudonymisation: detected values are replaced by stable tokens before a request leaves, and
 * restored in the answer, streams included.
 */
export { redactTexts, isRedactableFinding } from "./redact-texts.js";
export { Restorer } from "./restorer.js";
export { placeholderFor } from "./placeholder.js";
export { pseudonymFor } from "./pseudonym.js";
export { createTokenReplacer } from "./token-replacer.js";
export { restoreChatResult, restoreStreamParts } from "./restore-answer.js";
export { createValueScrubber, scrubError, scrubStreamErrors } from "./scrub-values.js";
//# sourceMappingURL=index.js.map