/**
 * Reads the client's cache directives, with HTTP's meanings (RFC 9111 §5.2.1): `no-cache` means "do not answer
 * me from the cache" (the fresh answer may still be stored), `no-store` means "keep nothing of this exchange" (a
 * stored answer may still be served). They are read from `x-sovereign-cache` and `cache-control`; both may be
 * given, comma-separated.
 * @see https://www.rfc-editor.org/rfc/rfc9111#section-5.2.1
 */
export function readCacheDirectives(headers) {
    const values = `${headers.get('x-sovereign-cache') ?? ''},${headers.get('cache-control') ?? ''}`.toLowerCase();
    const directives = new Set(values.split(',').map((value) => value.trim().split('=')[0]));
    return { read: !directives.has('no-cache'), write: !directives.has('no-store') };
}
//# sourceMappingURL=cache-directives.js.map