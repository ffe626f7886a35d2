import { createSecureContext } from 'node:tls';
import { hybridGroup } from '../../core/transport/transport-security.ts';

/** Whether this Node can negotiate post-quantum TLS, and why not. */
export interface PostQuantumRuntime {
  /** True when OpenSSL accepts the hybrid group `X25519MLKEM768` (OpenSSL 3.5, Node 24 and later). */
  readonly supported: boolean;
  /** `process.version`, e.g. `v24.21.0`. */
  readonly node: string;
  /** `process.versions.openssl`, e.g. `3.5.8`. */
  readonly openssl: string;
  /** Whether OpenSSL takes group tuples (`A / B`: strict server preference between tuples, OpenSSL 3.5). */
  readonly groupTuples: boolean;
  /** One line for banners, `doctor` and refusals. */
  readonly summary: string;
}

let detected: PostQuantumRuntime | undefined;

/**
 * Detects once, at start-up, whether the runtime's OpenSSL can negotiate `X25519MLKEM768`: by asking OpenSSL to
 * accept the group (it refuses a group it does not implement), not by comparing version strings, so a Node built
 * against a system OpenSSL is judged by what it can do. Node 24 bundles OpenSSL 3.5, which has it; Node 20 and 22
 * bundle OpenSSL 3.0, which does not.
 * @see https://nodejs.org/api/tls.html#tlscreatesecurecontextoptions (`ecdhCurve`)
 */
export function postQuantumRuntime(): PostQuantumRuntime {
  detected ??= detect();
  return detected;
}

function accepts(groups: string): boolean {
  try {
    createSecureContext({ ecdhCurve: groups });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether OpenSSL is 3.5 or later, the first release with ML-KEM. Older ones are not probed at all: a refused
 * `ecdhCurve` leaves its error on OpenSSL's thread error queue in Node 20 and 22, and the next unrelated call that
 * reads the queue (`createPrivateKey` loading the storage keyring, for one) then fails with that stale
 * `SSL routines::passed invalid argument`.
 */
export function opensslMayHaveMlKem(openssl: string): boolean {
  const match = /^(\d+)\.(\d+)/.exec(openssl);
  if (match === null) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 3 || (major === 3 && minor >= 5);
}

function detect(): PostQuantumRuntime {
  const node = process.version;
  const openssl = process.versions.openssl ?? 'none';
  const supported = opensslMayHaveMlKem(openssl) && accepts(hybridGroup);
  const groupTuples = supported && accepts(`${hybridGroup} / X25519`);
  const summary = supported
    ? `post-quantum TLS available (Node ${node}, OpenSSL ${openssl}: ${hybridGroup})`
    : `post-quantum TLS unavailable: Node ${node} with OpenSSL ${openssl} cannot negotiate ${hybridGroup}; Node 24 or later (OpenSSL 3.5) can`;
  return { supported, node, openssl, groupTuples, summary };
}
