/** A credential header: name and value, e.g. `['x-goog-api-key', key]`. */
export type CredentialHeader = readonly [name: string, value: string];

/**
 * The headers of a JSON call: `content-type: application/json` and `extra` (e.g. `accept`), then the configured
 * headers, then the per-call ones, and last the credential, which neither of them can override. Names are kept
 * as given.
 */
export function jsonHeaders(
  extra: Record<string, string>,
  configured: Record<string, string> | undefined,
  perCall: Record<string, string> | undefined,
  credential: CredentialHeader | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extra, ...configured, ...perCall };
  if (credential !== undefined) headers[credential[0]] = credential[1];
  return headers;
}
