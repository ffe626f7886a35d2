import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../test/helpers/self-signed-certificate.ts';
import { validateConfig } from '../server/config/load-config.ts';
import { postQuantumRuntime } from '../security/tls/post-quantum-runtime.ts';
import { startSimulator, type Simulator } from '../sim/simulator.ts';
import { checkTransport } from './check-transport.ts';

const runtime = postQuantumRuntime();

describe(`sovereign doctor's post-quantum transport checks (${runtime.summary})`, () => {
  let certificate: SelfSignedCertificate;
  let hybrid: Simulator;
  let classic: Simulator;

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    hybrid = await startSimulator({ tls: { cert: certificate.cert, key: certificate.key } });
    classic = await startSimulator({ tls: { cert: certificate.cert, key: certificate.key, groups: 'X25519:P-256' } });
  });
  afterAll(async () => {
    await Promise.all([hybrid.close(), classic.close()]);
    certificate.remove();
  });

  const provider = (id: string, simulator: Simulator, postQuantum: 'prefer' | 'require') => ({
    id,
    adapter: 'openai-compatible',
    tier: 'cloud',
    jurisdiction: 'DE',
    operator: { name: 'X', country: 'DE' },
    baseUrl: `${simulator.url}/v1`,
    tls: { caFile: certificate.certFile, postQuantum },
    models: [{ name: `m-${id}` }],
  });

  it('reports the runtime, the listener and what each provider negotiates; a provider that requires post-quantum TLS and cannot get it fails', async () => {
    const loaded = validateConfig(
      {
        providers: [provider('hybrid', hybrid, 'prefer'), provider('classic', classic, 'require')],
        server: { tls: { certFile: certificate.certFile, keyFile: certificate.keyFile } },
        policies: [{ name: 'cui-quantum-safe', when: 'profile.classificationLevel >= 2', require: { postQuantumTransport: true } }],
      },
      'doctor-test.yaml',
      {},
    );
    const checks = await checkTransport(loaded, 5000);
    const byName = new Map(checks.map((check) => [check.name, check]));
    expect(byName.get('listener')).toMatchObject({ ok: true, message: expect.stringContaining(runtime.supported ? 'TLS, post-quantum preferred (X25519MLKEM768 / X25519' : 'TLS, classical') });
    if (runtime.supported) {
      expect(byName.get('post-quantum runtime')).toMatchObject({ ok: true, message: runtime.summary });
      expect(byName.get('transport hybrid')).toEqual({ name: 'transport hybrid', ok: true, message: 'tls.postQuantum prefer: TLSv1.3 with X25519MLKEM768' });
      // A server limited to X25519 and P-256 cannot complete a handshake that offers only the hybrid group.
      expect(byName.get('transport classic')).toMatchObject({ ok: false, message: expect.stringContaining('tls.postQuantum require: not verified: the handshake failed') });
    } else {
      expect(byName.get('post-quantum runtime')).toMatchObject({ ok: false, message: expect.stringContaining('required by policy cui-quantum-safe, provider classic (tls.postQuantum: require)') });
      expect(byName.get('transport hybrid')).toMatchObject({ ok: true, message: 'tls.postQuantum prefer: TLSv1.3 with X25519 (classical): ' + runtime.summary });
      expect(byName.get('transport classic')).toMatchObject({ ok: false, fix: expect.stringContaining('Node 24') });
    }
  });
});
