/**
 * The base URL rule: configure the API root, with or without a trailing `/v1`; both
 * `https://api.anthropic.com` and `https://api.anthropic.com/v1/` call `https://api.anthropic.com/v1/messages`.
 * A path prefix is kept (`https://proxy.example/anthropic` calls `https://proxy.example/anthropic/v1/messages`).
 * This returns the root without the `/v1` and without trailing slashes.
 * @see https://docs.anthropic.com/en/api/getting-started
 */
export function anthropicApiRoot(baseUrl) {
    const url = new URL(baseUrl);
    url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
    return url.toString().replace(/\/+(\?|$)/, '$1');
}
/** An Anthropic API path relative to the root: `/messages` and `/v1/messages` both become `/v1/messages`. */
export function anthropicApiPath(path) {
    const withSlash = path.startsWith('/') ? path : `/${path}`;
    return withSlash === '/v1' || withSlash.startsWith('/v1/') ? withSlash : `/v1${withSlash}`;
}
//# sourceMappingURL=anthropic-base-url.js.map