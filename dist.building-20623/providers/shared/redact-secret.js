/**
 * Removes every occurrence of a credential from a text a provider sent back (some servers echo the key they
 * rejected), so the text can go into an error message or a log. An absent or empty secret leaves the text as is.
 */
export function redactSecret(text, secret) {
    if (secret === undefined || secret === '')
        return text;
    return text.split(secret).join('[redacted]');
}
//# sourceMappingURL=redact-secret.js.map