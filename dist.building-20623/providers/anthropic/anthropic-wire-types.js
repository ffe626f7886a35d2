/**
 * The Anthropic Messages API on the wire (`anthropic-version: 2023-06-01`), as far as the gateway reads or writes
 * it. Shared by the inbound dialect (`src/server/dialects/anthropic`) and the outbound adapter. Fields the gateway
 * does not interpret are typed loosely so newer API additions pass through.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
/** The API version header value this code speaks. */
export const ANTHROPIC_VERSION = '2023-06-01';
//# sourceMappingURL=anthropic-wire-types.js.map