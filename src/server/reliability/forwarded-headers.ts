import type { Dialect } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { detectFindings } from '../../core/profile/detect-findings.ts';
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

/** The form of each forwarded header's value: beta names (`prompt-caching-2024-07-31`, comma-separated, empty items allowed) and a date. */
const forwardedForms: Record<string, { form: RegExp; says: string }> = {
  'anthropic-beta': { form: /^[ \t]*(?:[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*)?(?:[ \t]*,[ \t]*(?:[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*)?)*[ \t]*$/, says: 'comma-separated beta names (letters, digits, -, _ and .)' },
  'anthropic-version': { form: /^[ \t]*\d{4}-\d{2}-\d{2}[ \t]*$/, says: 'a date (YYYY-MM-DD)' },
};
/** The longest forwarded header value accepted (every beta name Claude Code knows, joined, is about 1.6 KiB). */
const longestForwardedValue = 8_192;

/**
 * Refuses (400, naming the header, never repeating its value) a header that would be forwarded unchanged but is not
 * of its documented form, or that holds anything the detectors find: what is forwarded is never a place for data
 * the policies did not see.
 */
export function checkForwardedHeaders(headers: HeaderReader, clientDialect: ClientDialect): void {
  const names = forwardedByDialect[clientDialect as Dialect];
  if (names === undefined) return;
  for (const name of names) {
    const value = headers.get(name);
    if (value === null) continue;
    const expected = forwardedForms[name];
    if (value.length > longestForwardedValue || (expected !== undefined && !expected.form.test(value)) || detectFindings(value).length > 0) {
      throw new GatewayError('invalid_request', {
        message: `The ${name} header must be ${expected?.says ?? 'of its documented form'}${value.length > longestForwardedValue ? `, at most ${longestForwardedValue} characters` : ''}; it is forwarded to the provider as sent.`,
        param: name,
      });
    }
  }
}
