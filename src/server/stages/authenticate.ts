import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { KeyStore } from '../../security/key-store.ts';
import type { Principal } from '../../core/principal.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Authenticated, HeaderReader } from '../pipeline/context.ts';

/** Reads the API key from `authorization: Bearer KEY` (OpenAI) or `x-api-key: KEY` (Anthropic). */
export function readApiKey(headers: HeaderReader): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new GatewayError('invalid_api_key', { message: 'The Authorization header must be "Bearer KEY".' });
    return match[1];
  }
  const apiKey = headers.get('x-api-key');
  if (apiKey !== null) {
    const trimmed = apiKey.trim();
    if (trimmed === '') throw new GatewayError('invalid_api_key', { message: 'The x-api-key header is empty.' });
    return trimmed;
  }
  return undefined;
}

/** The principal of the request's API key, or a 401 `GatewayError` (missing, malformed or unknown key). */
export function principalOf(headers: HeaderReader, keys: KeyStore): Principal {
  const secret = readApiKey(headers);
  if (secret === undefined) throw new GatewayError('authentication_required');
  const principal = keys.authenticate(secret);
  if (!principal) throw new GatewayError('invalid_api_key');
  return principal;
}

/**
 * Resolves the caller's principal from its API key; refuses the request with 401 otherwise. A principal an
 * in-process caller authenticated already (the MCP `chat` tool) is kept as it is.
 */
export function authenticate(keys: KeyStore): Stage<object, Authenticated> {
  return function authenticateStage(context, next) {
    context.principal ??= principalOf(context.headers, keys);
    return next();
  };
}
