/**
 * Key-exchange groups that resist a quantum adversary: ML-KEM (FIPS 203) alone or in a hybrid with a classical
 * curve, by the names OpenSSL gives the IANA TLS Supported Groups. The pre-standard Kyber drafts are left out.
 * @see https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8
 * @see https://datatracker.ietf.org/doc/draft-ietf-tls-ecdhe-mlkem/
 */
export const postQuantumGroups: ReadonlySet<string> = new Set([
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
export function isPostQuantumGroup(group: string | undefined): boolean {
  return group !== undefined && postQuantumGroups.has(group);
}

/** The security of one connection, read from its socket once the handshake is over. */
export interface ConnectionSecurity {
  /** `TLSv1.3`, `TLSv1.2`, ..., or `plaintext` for plain HTTP. */
  readonly protocol: string;
  /**
   * The key-exchange group negotiated (`X25519MLKEM768`, `X25519`, `P-256`, ...); absent for plain HTTP or a
   * resumed session without a fresh key exchange.
   */
  readonly group?: string;
  /** True only when `group` is post-quantum. */
  readonly postQuantum: boolean;
}

/** Plain HTTP: no TLS at all. */
export const plaintextConnection: ConnectionSecurity = Object.freeze({ protocol: 'plaintext', postQuantum: false });

/** A connection's security from its protocol and group. */
export function connectionSecurity(protocol: string, group: string | undefined): ConnectionSecurity {
  return group === undefined ? { protocol, postQuantum: false } : { protocol, group, postQuantum: isPostQuantumGroup(group) };
}

/** `TLSv1.3 with X25519MLKEM768`, `TLSv1.2 with P-256`, `plain HTTP`: for decisions, errors and logs. */
export function describeConnection(security: ConnectionSecurity): string {
  if (security.protocol === 'plaintext') return 'plain HTTP';
  return security.group === undefined ? `${security.protocol} without a key exchange` : `${security.protocol} with ${security.group}`;
}

/**
 * What the gateway knows about the link to a provider, as policy constraints read it (`postQuantumTransport`).
 * The value can change while the gateway runs (a handshake verifies it, a later one can contradict it).
 */
export interface TransportFacts {
  /** True only when a handshake verified a post-quantum group (negotiated, or the only groups offered). */
  readonly postQuantum: boolean;
  /** What was negotiated or why it is not known, e.g. `TLSv1.3 with X25519 (classical)`, `plain HTTP`. */
  readonly description: string;
}

/** Facts for a provider nobody has checked (the default when no transport source is given). */
export const unverifiedTransport: TransportFacts = Object.freeze({ postQuantum: false, description: 'not verified' });
