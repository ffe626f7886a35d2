/**
 * Key-exchange groups that resist a quantum adversary: ML-KEM (FIPS 203) alone or in a hybrid with a classical
 * curve, by the names OpenSSL gives the IANA TLS Supported Groups. The pre-standard Kyber drafts are left out.
 * @see https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8
 * @see https://datatracker.ietf.org/doc/draft-ietf-tls-ecdhe-mlkem/
 */
export const postQuantumGroups = new Set([
    'X25519MLKEM768',
    'SecP256r1MLKEM768',
    'SecP384r1MLKEM1024',
    'MLKEM512',
    'MLKEM768',
    'MLKEM1024',
]);
/** The hybrid group the gateway offers first wherever the runtime can negotiate it. */
export const hybridGroup = 'X25519MLKEM768';
/** Whether a negotiated group is post-quantum (see {@link postQuantumGroups}). */
export function isPostQuantumGroup(group) {
    return group !== undefined && postQuantumGroups.has(group);
}
/** Plain HTTP: no TLS at all. */
export const plaintextConnection = Object.freeze({ protocol: 'plaintext', postQuantum: false });
/** A connection's security from its protocol and group. */
export function connectionSecurity(protocol, group) {
    return group === undefined ? { protocol, postQuantum: false } : { protocol, group, postQuantum: isPostQuantumGroup(group) };
}
/** `TLSv1.3 with X25519MLKEM768`, `TLSv1.2 with P-256`, `plain HTTP`: for decisions, errors and logs. */
export function describeConnection(security) {
    if (security.protocol === 'plaintext')
        return 'plain HTTP';
    return security.group === undefined ? `${security.protocol} without a key exchange` : `${security.protocol} with ${security.group}`;
}
/** Facts for a provider nobody has checked (the default when no transport source is given). */
export const unverifiedTransport = Object.freeze({ postQuantum: false, description: 'not verified' });
//# sourceMappingURL=transport-security.js.map