import { lowerCaseKeys } from '../shared/lower-case-keys.ts';
import { ANTHROPIC_VERSION } from './anthropic-wire-types.ts';

const credentialHeaders = new Set(['x-api-key', 'authorization']);

/**
 * Request headers for the Anthropic API: `content-type`, `anthropic-version: 2023-06-01`, the configured extra
 * headers, the per-call headers (e.g. a client's `anthropic-beta` or `anthropic-version` on the pass-through path)
 * without any credential in them, and `x-api-key`. Names are lower-cased.
 * @see https://docs.anthropic.com/en/api/versioning
 */
export function anthropicHeaders(
  apiKey: string | undefined,
  configured: Record<string, string> | undefined,
  perCall: Record<string, string> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION, ...lowerCaseKeys(configured) };
  for (const [name, value] of Object.entries(lowerCaseKeys(perCall))) if (!credentialHeaders.has(name)) headers[name] = value;
  if (apiKey !== undefined && apiKey !== '') headers['x-api-key'] = apiKey;
  return headers;
}
