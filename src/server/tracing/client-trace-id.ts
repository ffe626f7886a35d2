/** W3C `traceparent`: version 00, a 32-hex trace id and a 16-hex parent id (neither all zeros), 2-hex flags. */
const traceparent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * The trace id of a client's W3C `traceparent`, when it is well formed (lower-case hex, not all zeros), so a request
 * log line can be found from the client's trace even while the gateway itself does not trace. Anything else is
 * ignored: the value is logged, so it must not be a place for data beyond 32 hex digits.
 * @see https://www.w3.org/TR/trace-context/#traceparent-header
 */
export function clientTraceId(header: string | null): string | undefined {
  if (header === null) return undefined;
  const match = traceparent.exec(header.trim());
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return match[1];
}
