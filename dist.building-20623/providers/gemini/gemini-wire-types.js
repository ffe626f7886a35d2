/**
 * The Gemini API (Google AI, `v1beta`) wire format: only the fields this adapter reads or writes.
 * Field names are the REST/JSON names (lowerCamelCase).
 * @see https://ai.google.dev/api/generate-content
 */
export {};
//# sourceMappingURL=gemini-wire-types.js.map