import type { ClientHello } from './client-hello.ts';

/** How the listener's OpenSSL chooses among the groups it accepts. */
export interface ServerGroups {
  /** The groups the server accepts, in its preference order (see `groupsFor`). */
  readonly groups: readonly string[];
  /** True when each group is its own tuple (`A / B / C`, OpenSSL 3.5): the server's preference is strict. */
  readonly tuples: boolean;
}

/**
 * The key-exchange group a TLS server negotiated with a client, from the client's hello and the server's groups.
 * Node reports the group only on the client side (`getEphemeralKeyInfo` returns null on a server socket), so the
 * listener works it out the way OpenSSL chooses it:
 * - TLS 1.3, one group per tuple (OpenSSL 3.5): the first server group the client supports, whether or not the client
 *   sent a key share for it (OpenSSL asks for one with a HelloRetryRequest);
 * - TLS 1.3, one plain list (OpenSSL 3.0): the first key share of the client in a group the server accepts, else the
 *   first server group the client supports (a HelloRetryRequest);
 * - TLS 1.2: the first server group the client supports.
 * The server's preference holds because the listener sets `honorCipherOrder` (OpenSSL's server preference option).
 * `undefined` when no group is shared, the protocol has none, or a resumption may have skipped the key exchange.
 * A test compares the prediction with what the client's side of real handshakes reports, on each runtime.
 * @see https://docs.openssl.org/3.5/man3/SSL_CTX_set1_curves/
 */
export function predictServerGroup(hello: ClientHello, protocol: string, server: ServerGroups): string | undefined {
  if (hello.resumptionWithoutKeyExchange) return undefined;
  const offered = new Set(hello.supportedGroups);
  const serverFirst = () => server.groups.find((group) => offered.has(group));
  if (protocol === 'TLSv1.3') {
    if (server.tuples) return serverFirst();
    const accepted = new Set(server.groups);
    return hello.keyShares.find((group) => accepted.has(group) && offered.has(group)) ?? serverFirst();
  }
  if (protocol === 'TLSv1.2' || protocol === 'TLSv1.1' || protocol === 'TLSv1') return serverFirst();
  return undefined;
}
