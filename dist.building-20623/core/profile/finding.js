/**
 * What the detectors find. A finding is a kind and a position, never the value: positions are enough to redact,
 * and a profile that stores no values cannot leak them into logs or the audit trail.
 */
/** Personal data: identifies or reaches a person. */
export const personalDataKinds = ['email', 'phone', 'iban', 'payment-card', 'us-ssn', 'uk-nino', 'ipv4', 'ipv6'];
/** Credentials: whoever reads them can act as their owner. */
export const secretKinds = [
    'private-key',
    'jwt',
    'anthropic-key',
    'openai-key',
    'aws-access-key-id',
    'github-token',
    'slack-token',
    'google-api-key',
    'stripe-key',
];
const personal = new Set(personalDataKinds);
const secret = new Set(secretKinds);
/** Whether a kind is personal data. */
export function isPersonalDataKind(kind) {
    return personal.has(kind);
}
/** Whether a kind is a credential. */
export function isSecretKind(kind) {
    return secret.has(kind);
}
//# sourceMappingURL=finding.js.map