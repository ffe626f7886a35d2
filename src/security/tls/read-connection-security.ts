import type { TLSSocket } from 'node:tls';
import { connectionSecurity, plaintextConnection, type ConnectionSecurity } from '../../core/transport/transport-security.ts';

/** OpenSSL's curve names as Node reports them, to the TLS group names used everywhere else. */
const groupNames: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** The TLS group name for a name OpenSSL reports (`prime256v1` is `P-256`; others unchanged). */
export function tlsGroupName(name: string): string {
  return groupNames[name] ?? name;
}

/**
 * The security of a client connection, read from its socket after the handshake: the protocol and the group of
 * the key exchange. Node 24 reports a post-quantum or hybrid group as `{ type: 'TLSGroup', name: 'X25519MLKEM768' }`;
 * a classical one as `{ type: 'ECDH', name: 'X25519' }`; finite-field Diffie-Hellman by its size only. A socket that
 * is not TLS is plain HTTP.
 * @see https://nodejs.org/api/tls.html#tlssocketgetephemeralkeyinfo
 */
export function readConnectionSecurity(socket: Partial<Pick<TLSSocket, 'getProtocol' | 'getEphemeralKeyInfo'>> & { encrypted?: boolean }): ConnectionSecurity {
  if (socket.encrypted !== true || typeof socket.getProtocol !== 'function') return plaintextConnection;
  const protocol = socket.getProtocol() ?? 'unknown';
  const info = socket.getEphemeralKeyInfo?.() as { type?: string; name?: string; size?: number } | null | undefined;
  let group: string | undefined;
  if (info?.name) group = tlsGroupName(info.name);
  else if (info?.type === 'DH' && info.size !== undefined) group = `DH-${info.size}`;
  return connectionSecurity(protocol, group);
}
