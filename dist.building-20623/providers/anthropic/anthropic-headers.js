import { lowerCaseKeys } from "../shared/lower-case-keys.js";
import { ANTHROPIC_VERSION } from "./anthropic-wire-types.js";
const credentialHeaders = new Set(['x-api-key', 'authorization']);
/**
 * Request headers for the Anthropic API: `content-type`, `anthropic-version: 2023-06-01`, the configured extra
 * headers, the per-call headers (e.g. a client's `anthropic-beta` or `anthropic-version` on the pass-through path)
 * without any credential in them, and `x-api-key`. Names are lower-cased.
 * @see https://docs.anthropic.com/en/api/versioning
 */
export function anthropicHeaders(apiKey, configured, perCall) {
    const headers = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION, ...lowerCaseKeys(configured) };
    for (const [name, value] of Object.entries(lowerCaseKeys(perCall)))
        if (!credentialHeaders.has(name))
            headers[name] = value;
    if (apiKey !== undefined && apiKey !== '')
        headers['x-api-key'] = apiKey;
    return headers;
}
//# sourceMappingURL=anthropic-headers.js.map