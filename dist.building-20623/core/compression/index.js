/**
 * Request compression. Two groups, kept apart on purpose:
 *
 * - lossless (on by default in the compress stage): {@link compressRequest}, i.e. JSON whitespace removal in tool
 *   results and tool-call arguments, and whitespace normalisation of system text and tool descriptions. The model
 *   receives the same information.
 * - lossy (opt-in only): {@link elideOldToolResults} (old tool results beyond a token budget become a marker) and
 *   {@link dedupeToolResults} (a repeated tool result becomes a reference to the first copy).
 *
 * Every function is pure over the canonical `ChatRequest` and returns the same object when it changed nothing.
 */
export { compressRequest } from "./compress-request.js";
export { minifyJsonText } from "./minify-json-text.js";
export { normalizeWhitespace } from "./normalize-whitespace.js";
export { approximateTokens, elideOldToolResults, elisionMarker } from "./elide-tool-results.js";
export { dedupeToolResults, duplicateMarker } from "./dedupe-tool-results.js";
//# sourceMappingURL=index.js.map