/**
 * The headers of a JSON call: `content-type: application/json` and `extra` (e.g. `accept`), then the configured
 * headers, then the per-call ones, and last the credential, which neither of them can override. Names are kept
 * as given.
 */
export function jsonHeaders(extra, configured, perCall, credential) {
    const headers = { 'content-type': 'application/json', ...extra, ...configured, ...perCall };
    if (credential !== undefined)
        headers[credential[0]] = credential[1];
    return headers;
}
//# sourceMappingURL=json-headers.js.map