/**
 * Removes every occurrence of a credential from a text a provider sent back (some servers echo the key they
 * rejected), so it can go into an error message or a log.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}
