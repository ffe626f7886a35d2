import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ProviderEntry } from '../../core/catalog/catalog-schema.ts';
import type { AdapterTlsSettings } from '../../core/provider/adapter.ts';
import type { TransportFactsSource } from '../../core/router/index.ts';
import { describeConnection, unverifiedTransport, type ConnectionSecurity, type TransportFacts } from '../../core/transport/transport-security.ts';
import type { PostQuantumRuntime } from '../../security/tls/post-quantum-runtime.ts';
import { probeTls } from '../../security/tls/probe-tls.ts';
import { clientGroupList, type PostQuantumMode } from '../../security/tls/tls-groups.ts';

/** What the gateway knows about the link to one provider (shown by `sovereign doctor`). */
export interface ProviderTransportState {
  providerId: string;
  /** The origin connections go to. */
  url: string;
  /** `tls.postQuantum` of the provider (`prefer` unless configured). */
  mode: PostQuantumMode;
  facts: TransportFacts;
  /** The last connection's security (a real call's or a probe's handshake), when there was one. */
  last?: ConnectionSecurity;
  /** When `last` or `error` was observed (ms since the epoch). */
  observedAt?: number;
  /** Why the last probe failed, when it did. */
  error?: string;
}

/** The live transport facts of every provider, the TLS settings of their connections, and verification by handshake. */
export interface ProviderTransports extends TransportFactsSource {
  /** The TLS settings of the provider's pool: groups for its mode, trusted authorities, the report of each connection. */
  tlsSettings(providerId: string): AdapterTlsSettings | undefined;
  /** Records a connection's security: the provider's facts follow the latest handshake. */
  record(providerId: string, security: ConnectionSecurity): void;
  /** Whether a provider is being verified or still waits for its first verification (or a retry after a failed one). */
  pending(): boolean;
  /**
   * Verifies by a TLS handshake every provider waiting for it (one handshake in flight per provider at most);
   * resolves when they finished and never rejects: a failure becomes the provider's facts.
   */
  verifyPending(): Promise<void>;
  /** Verifies the given providers again (default: all that use TLS). */
  verify(providerIds?: readonly string[]): Promise<void>;
  list(): ProviderTransportState[];
}

export interface ProviderTransportsOptions {
  providers: readonly ProviderEntry[];
  /** The base URL each provider is reached at (a simulated provider: its simulator's); `undefined` leaves it out. */
  baseUrlOf(provider: ProviderEntry): string | undefined;
  runtime: PostQuantumRuntime;
  /** Where relative `tls.caFile` paths start (the configuration file's directory; default the working directory). */
  baseDirectory?: string;
  /** Default 5,000 ms. */
  probeTimeoutMs?: number;
  /** A failed verification is tried again after this long (ms), when a request needs it. Default 30,000. */
  retryAfterMs?: number;
  now?: () => number;
}

interface Entry {
  state: ProviderTransportState;
  groups: string | undefined;
  ca: string | undefined;
  /** HTTPS with a mode this runtime can offer: a handshake can verify it. */
  verifiable: boolean;
  verifying: Promise<void> | undefined;
}

/**
 * Tracks, per provider, what its connections negotiate. Plain HTTP is never post-quantum. HTTPS becomes
 * post-quantum once a handshake (a real call's or a probe's) negotiated a post-quantum group, and stops being so
 * as soon as one negotiates a classical group. On a runtime without post-quantum TLS no provider is, and the facts
 * say why. `version` changes with every change of facts, so the router re-evaluates `postQuantumTransport`.
 */
export function createProviderTransports(options: ProviderTransportsOptions): ProviderTransports {
  const { runtime } = options;
  const now = options.now ?? Date.now;
  const retryAfterMs = options.retryAfterMs ?? 30_000;
  const entries = new Map<string, Entry>();
  let version = 0;

  for (const provider of options.providers) {
    const url = options.baseUrlOf(provider);
    if (url === undefined) continue;
    const mode: PostQuantumMode = provider.tls?.postQuantum ?? 'prefer';
    const https = url.startsWith('https:');
    const groups = https ? clientGroupList(mode, runtime) : undefined;
    const caFile = provider.tls?.caFile;
    const ca = https && caFile !== undefined ? readCa(provider.id, options.baseDirectory, caFile) : undefined;
    const facts: TransportFacts = !https
      ? { postQuantum: false, description: 'plain HTTP' }
      : mode === 'off'
        ? { postQuantum: false, description: 'post-quantum TLS turned off for this provider (tls.postQuantum: off)' }
        : !runtime.supported
          ? { postQuantum: false, description: runtime.summary }
          : { postQuantum: false, description: 'not verified yet (no handshake so far)' };
    const state: ProviderTransportState = { providerId: provider.id, url: new URL(url).origin, mode, facts };
    entries.set(provider.id, { state, groups, ca, verifiable: https && groups !== undefined && mode !== 'off', verifying: undefined });
  }

  const waiting = (entry: Entry, at: number): boolean =>
    entry.verifiable && entry.verifying === undefined
    && (entry.state.observedAt === undefined || (entry.state.error !== undefined && at - entry.state.observedAt >= retryAfterMs));

  function setFacts(entry: Entry, facts: TransportFacts): void {
    const before = entry.state.facts;
    if (before.postQuantum === facts.postQuantum && before.description === facts.description) return;
    entry.state.facts = facts;
    version++;
  }

  function record(providerId: string, security: ConnectionSecurity): void {
    const entry = entries.get(providerId);
    if (entry === undefined) return;
    entry.state.last = security;
    entry.state.observedAt = now();
    delete entry.state.error;
    const described = describeConnection(security);
    if (security.postQuantum) return setFacts(entry, { postQuantum: true, description: described });
    // Why it was classical, when the gateway itself is the reason.
    const why = !runtime.supported ? `: ${runtime.summary}` : entry.state.mode === 'off' ? ' (tls.postQuantum: off)' : '';
    setFacts(entry, { postQuantum: false, description: `${described} (classical)${why}` });
  }

  function probe(entry: Entry): Promise<void> {
    entry.verifying ??= probeTls({
      url: entry.state.url,
      groups: entry.groups,
      ca: entry.ca,
      ...(options.probeTimeoutMs === undefined ? {} : { timeoutMs: options.probeTimeoutMs }),
    })
      .then(
        (security) => record(entry.state.providerId, security),
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          entry.state.error = message;
          entry.state.observedAt = now();
          setFacts(entry, { postQuantum: false, description: `not verified: the handshake failed (${message})` });
        },
      )
      .finally(() => {
        entry.verifying = undefined;
      });
    return entry.verifying;
  }

  return {
    get version() {
      return version;
    },
    of: (providerId) => entries.get(providerId)?.state.facts ?? unverifiedTransport,
    tlsSettings(providerId) {
      const entry = entries.get(providerId);
      if (entry === undefined || !entry.state.url.startsWith('https:')) return undefined;
      return {
        groups: entry.groups,
        ...(entry.groups === undefined
          ? { unavailable: `provider ${providerId} requires post-quantum TLS (tls.postQuantum: require) and ${runtime.summary}` }
          : {}),
        ...(entry.ca === undefined ? {} : { ca: entry.ca }),
        onConnection: (security) => record(providerId, security),
      };
    },
    record,
    pending() {
      const at = now();
      for (const entry of entries.values()) if (entry.verifying !== undefined || waiting(entry, at)) return true;
      return false;
    },
    async verifyPending() {
      const at = now();
      const probes: Promise<void>[] = [];
      for (const entry of entries.values()) {
        if (entry.verifying !== undefined) probes.push(entry.verifying);
        else if (waiting(entry, at)) probes.push(probe(entry));
      }
      await Promise.all(probes);
    },
    async verify(providerIds) {
      const chosen = providerIds === undefined ? [...entries.values()] : providerIds.flatMap((id) => entries.get(id) ?? []);
      await Promise.all(chosen.filter((entry) => entry.verifiable).map((entry) => probe(entry)));
    },
    list: () => [...entries.values()].map((entry) => structuredClone(entry.state)),
  };
}

function readCa(providerId: string, directory: string | undefined, file: string): string {
  const path = isAbsolute(file) ? file : resolve(directory ?? '.', file);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`provider ${providerId}: tls.caFile ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
