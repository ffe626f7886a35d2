import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { describeConnection, unverifiedTransport } from "../../core/transport/transport-security.js";
import { probeTls } from "../../security/tls/probe-tls.js";
import { clientGroupList } from "../../security/tls/tls-groups.js";
/**
 * Tracks, per provider, what its connections negotiate. Plain HTTP is never post-quantum. HTTPS becomes
 * post-quantum once a handshake (a real call's or a probe's) negotiated a post-quantum group, and stops being so
 * as soon as one negotiates a classical group. On a runtime without post-quantum TLS no provider is, and the facts
 * say why. `version` changes with every change of facts, so the router re-evaluates `postQuantumTransport`.
 */
export function createProviderTransports(options) {
    const { runtime } = options;
    const now = options.now ?? Date.now;
    const retryAfterMs = options.retryAfterMs ?? 30_000;
    const entries = new Map();
    let version = 0;
    for (const provider of options.providers) {
        const url = options.baseUrlOf(provider);
        if (url === undefined)
            continue;
        const mode = provider.tls?.postQuantum ?? 'prefer';
        const https = url.startsWith('https:');
        const groups = https ? clientGroupList(mode, runtime) : undefined;
        const caFile = provider.tls?.caFile;
        const ca = https && caFile !== undefined ? readCa(provider.id, options.baseDirectory, caFile) : undefined;
        const facts = !https
            ? { postQuantum: false, description: 'plain HTTP' }
            : mode === 'off'
                ? { postQuantum: false, description: 'post-quantum TLS turned off for this provider (tls.postQuantum: off)' }
                : !runtime.supported
                    ? { postQuantum: false, description: runtime.summary }
                    : { postQuantum: false, description: 'not verified yet (no handshake so far)' };
        const state = { providerId: provider.id, url: new URL(url).origin, mode, facts };
        entries.set(provider.id, { state, groups, ca, verifiable: https && groups !== undefined && mode !== 'off', verifying: undefined });
    }
    const waiting = (entry, at) => entry.verifiable && entry.verifying === undefined
        && (entry.state.observedAt === undefined || (entry.state.error !== undefined && at - entry.state.observedAt >= retryAfterMs));
    function setFacts(entry, facts) {
        const before = entry.state.facts;
        if (before.postQuantum === facts.postQuantum && before.description === facts.description)
            return;
        entry.state.facts = facts;
        version++;
    }
    function record(providerId, security) {
        const entry = entries.get(providerId);
        if (entry === undefined)
            return;
        entry.state.last = security;
        entry.state.observedAt = now();
        delete entry.state.error;
        const described = describeConnection(security);
        if (security.postQuantum)
            return setFacts(entry, { postQuantum: true, description: described });
        // Why it was classical, when the gateway itself is the reason.
        const why = !runtime.supported ? `: ${runtime.summary}` : entry.state.mode === 'off' ? ' (tls.postQuantum: off)' : '';
        setFacts(entry, { postQuantum: false, description: `${described} (classical)${why}` });
    }
    function probe(entry) {
        entry.verifying ??= probeTls({
            url: entry.state.url,
            groups: entry.groups,
            ca: entry.ca,
            ...(options.probeTimeoutMs === undefined ? {} : { timeoutMs: options.probeTimeoutMs }),
        })
            .then((security) => record(entry.state.providerId, security), (error) => {
            const message = error instanceof Error ? error.message : String(error);
            entry.state.error = message;
            entry.state.observedAt = now();
            setFacts(entry, { postQuantum: false, description: `not verified: the handshake failed (${message})` });
        })
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
            if (entry === undefined || !entry.state.url.startsWith('https:'))
                return undefined;
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
            for (const entry of entries.values())
                if (entry.verifying !== undefined || waiting(entry, at))
                    return true;
            return false;
        },
        async verifyPending() {
            const at = now();
            const probes = [];
            for (const entry of entries.values()) {
                if (entry.verifying !== undefined)
                    probes.push(entry.verifying);
                else if (waiting(entry, at))
                    probes.push(probe(entry));
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
function readCa(providerId, directory, file) {
    const path = isAbsolute(file) ? file : resolve(directory ?? '.', file);
    try {
        return readFileSync(path, 'utf8');
    }
    catch (error) {
        throw new Error(`provider ${providerId}: tls.caFile ${path} cannot be read (${error.code ?? error.message})`);
    }
}
//# sourceMappingURL=provider-transports.js.map