import type { Dialect } from '../../core/canonical/request.ts';
import type { ClientDialect, HeaderReader } from '../pipeline/context.ts';

/** Client headers that change what a provider of the client's own dialect accepts, forwarded unchanged. */
const forwardedByDialect: Partial<Record<Dialect, readonly string[]>> = {
  // Betas unlock request fields and shapes (mid-conversation system turns, `context_management`, `thinking.display`);
  // the version fixes the wire format the client was written against.
  anthropic: ['anthropic-beta', 'anthropic-version'],
};

/**
 * The client's headers a provider needs to read the request as the client meant it: `anthropic-beta` and
 * `anthropic-version` from an Anthropic client to an Anthropic provider, unchanged. Nothing for a provider of another
 * dialect (there, beta fields are translated or refused instead: see `anthropicBetaFeatures`).
 * @see https://docs.anthropic.com/en/api/beta-headers
 */
export function forwardedHeaders(headers: HeaderReader, clientDialect: ClientDialect, providerDialect: Dialect | 'in-process'): Record<string, string> | undefined {
  if (providerDialect === 'in-process' || clientDialect !== providerDialect) return undefined;
  const names = forwardedByDialect[providerDialect];
  if (names === undefined) return undefined;
  let forwarded: Record<string, string> | undefined;
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) (forwarded ??= {})[name] = value;
  }
  return forwarded;
}
