/**
 * Redaction and pseudonymisation: detected values are replaced by stable tokens before a request leaves, and
 * restored in the answer, streams included.
 */
export { redactTexts, isRedactableFinding, type RedactedTexts, type RedactionMode } from './redact-texts.ts';
export { foundValues, type FoundValue, type TextSpan } from './found-values.ts';
export { Restorer } from './restorer.ts';
export { placeholderFor } from './placeholder.ts';
export { pseudonymFor } from './pseudonym.ts';
export { createTokenReplacer, type StreamReplacer, type TokenReplacer } from './token-replacer.ts';
export { restoreChatResult, restoreStreamParts } from './restore-answer.ts';
export { createValueScrubber, scrubError, scrubStreamErrors } from './scrub-values.ts';
export { PatternAutomaton } from './pattern-automaton.ts';
