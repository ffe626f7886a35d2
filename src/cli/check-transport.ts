import { dirname, resolve } from 'node:path';
import type { LoadedConfig } from '../server/config/load-config.ts';
import { loadListenerTls } from '../server/tls/listener-tls.ts';
import { createProviderTransports } from '../server/tls/provider-transports.ts';
import { postQuantumRuntime } from '../security/tls/post-quantum-runtime.ts';
import type { DoctorCheck } from './doctor-check.ts';

interface PostQuantumRequirements {
  postQuantumTransport?: boolean;
  clientPostQuantumTransport?: boolean;
}

/** The names of the policies (global and tenants') that require post-quantum transport. */
function postQuantumPolicies(config: LoadedConfig['config']): string[] {
  const policies = [...config.policies, ...Object.values(config.tenants).flatMap((tenant) => tenant.policies)];
  return policies.flatMap((policy) => {
    const entry = policy as { name?: unknown; require?: PostQuantumRequirements };
    return entry.require?.postQuantumTransport === true || entry.require?.clientPostQuantumTransport === true ? [String(entry.name)] : [];
  });
}

const runtimeFix = 'run the gateway on Node 24 or later (OpenSSL 3.5), e.g. npx -y node@24 bin/sovereign.js serve';

/**
 * Post-quantum transport as `sovereign doctor` reports it: the runtime (failed when a policy, the listener or a
 * provider requires post-quantum TLS that this Node cannot negotiate), the listener (`server.tls`: its files and
 * groups), and per provider over HTTPS its `tls.postQuantum` mode and what a TLS handshake negotiates now (failed when
 * `require` meets a classical server). Simulated and plain-HTTP providers are listed as plain HTTP.
 */
export async function checkTransport(loaded: LoadedConfig, timeoutMs: number): Promise<DoctorCheck[]> {
  const runtime = postQuantumRuntime();
  const config = loaded.config;
  const providers = config.providers.filter((provider) => provider.enabled && !provider.simulated && provider.adapter !== 'llama-local');
  const requiring = [
    ...postQuantumPolicies(config).map((name) => `policy ${name}`),
    ...(config.server.tls?.postQuantum === 'require' ? ['server.tls.postQuantum: require'] : []),
    ...providers.filter((provider) => provider.tls?.postQuantum === 'require').map((provider) => `provider ${provider.id} (tls.postQuantum: require)`),
  ];
  const checks: DoctorCheck[] = [
    !runtime.supported && requiring.length > 0
      ? { name: 'post-quantum runtime', ok: false, message: `${runtime.summary}; required by ${requiring.join(', ')} (such requests are refused)`, fix: runtimeFix }
      : { name: 'post-quantum runtime', ok: true, message: runtime.summary },
  ];
  const baseDirectory = dirname(resolve(loaded.file));
  if (config.server.tls) {
    try {
      const tls = loadListenerTls(config.server.tls, baseDirectory, runtime);
      checks.push({ name: 'listener', ok: true, message: `${tls.summary}; certificate ${tls.certPath}` });
    } catch (error) {
      checks.push({ name: 'listener', ok: false, message: (error as Error).message, fix: 'fix server.tls (readable certFile and keyFile that belong together), or run on Node 24 for require' });
    }
  } else {
    checks.push({ name: 'listener', ok: true, message: 'plain HTTP (server.tls serves HTTPS, post-quantum on Node 24)' });
  }
  let transports;
  try {
    transports = createProviderTransports({ providers, baseUrlOf: (provider) => provider.baseUrl, runtime, baseDirectory, probeTimeoutMs: timeoutMs });
  } catch (error) {
    return [...checks, { name: 'provider transports', ok: false, message: (error as Error).message, fix: 'fix the provider tls.caFile' }];
  }
  await transports.verify();
  for (const state of transports.list()) {
    const https = state.url.startsWith('https:');
    const failed = https && state.mode === 'require' && !state.facts.postQuantum;
    checks.push({
      name: `transport ${state.providerId}`,
      ok: !failed,
      message: https ? `tls.postQuantum ${state.mode}: ${state.facts.description}` : 'plain HTTP',
      ...(failed ? { fix: runtime.supported ? 'the provider does not negotiate a post-quantum group: ask it to, or set tls.postQuantum: prefer' : runtimeFix } : {}),
    });
  }
  return checks;
}
