import { hybridGroup } from '../../core/transport/transport-security.ts';
import type { PostQuantumRuntime } from './post-quantum-runtime.ts';

/**
 * How a connection treats post-quantum key exchange: `prefer` offers (or, as a server, prefers) the hybrid group
 * first and classical groups after it; `require` offers only post-quantum groups, so a peer that cannot negotiate
 * one fails the handshake and nothing is sent; `off` offers classical groups only.
 */
export type PostQuantumMode = 'prefer' | 'require' | 'off';

/** The classical groups offered after the hybrid one (OpenSSL names; X25519 first, as browsers and OpenSSL do). */
export const classicalGroups: readonly string[] = ['X25519', 'P-256', 'P-384'];

/** The groups offered or accepted, in preference order, for a mode on this runtime (`[]`: the mode is impossible here). */
export function groupsFor(mode: PostQuantumMode, runtime: PostQuantumRuntime): readonly string[] {
  if (mode === 'off') return classicalGroups;
  if (mode === 'require') return runtime.supported ? [hybridGroup] : [];
  return runtime.supported ? [hybridGroup, ...classicalGroups] : classicalGroups;
}

/**
 * The `ecdhCurve` of a TLS client (a connection to a provider): the groups in preference order, with a key share
 * sent for the hybrid group and for X25519 (`*`), as OpenSSL 3.5 does by default, so a classical server answers
 * without a second round trip. `undefined` when the mode is impossible on this runtime.
 * @see https://docs.openssl.org/3.5/man3/SSL_CTX_set1_curves/
 */
export function clientGroupList(mode: PostQuantumMode, runtime: PostQuantumRuntime): string | undefined {
  const groups = groupsFor(mode, runtime);
  if (groups.length === 0) return undefined;
  if (!runtime.groupTuples) return groups.join(':');
  return groups.map((group) => (group === hybridGroup || group === 'X25519' ? `*${group}` : group)).join(':');
}

/**
 * The `ecdhCurve` of a TLS server (the gateway's own listener): on OpenSSL 3.5 every group is its own tuple
 * (`A / B / C`), which makes the server's preference strict, so the hybrid group wins whenever the client supports it
 * (at the cost of a second round trip for a client that sent no hybrid key share) and the negotiated group follows
 * from the client's hello (see `predictServerGroup`). `undefined` when the mode is impossible on this runtime.
 */
export function serverGroupList(mode: PostQuantumMode, runtime: PostQuantumRuntime): string | undefined {
  const groups = groupsFor(mode, runtime);
  if (groups.length === 0) return undefined;
  return groups.join(runtime.groupTuples ? ' / ' : ':');
}
