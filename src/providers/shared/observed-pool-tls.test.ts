import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { ConnectionSecurity } from '../../core/transport/transport-security.ts';
import { postQuantumRuntime } from '../../security/tls/post-quantum-runtime.ts';
import { clientGroupList } from '../../security/tls/tls-groups.ts';
import { startSimulator, type Simulator } from '../../sim/simulator.ts';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../../test/helpers/self-signed-certificate.ts';
import { createPoolHttpClient, type HttpClient } from './http-client.ts';

const runtime = postQuantumRuntime();
const body = JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] });
const chat = { method: 'POST' as const, path: '/chat/completions', headers: { 'content-type': 'application/json' }, body };

describe(`provider connections over TLS (${runtime.summary})`, () => {
  let certificate: SelfSignedCertificate;
  let hybrid: Simulator;
  let classical: Simulator;
  const clients: HttpClient[] = [];

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    const tls = { cert: certificate.cert, key: certificate.key };
    // The runtime's own default groups: hybrid first on Node 24, classical on Node 20.
    hybrid = await startSimulator({ tls });
    classical = await startSimulator({ tls: { ...tls, groups: 'X25519:P-256' } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([hybrid.close(), classical.close()]);
    certificate.remove();
  });

  function client(simulator: Simulator, reports: ConnectionSecurity[] = []): HttpClient {
    const http = createPoolHttpClient(`${simulator.url}/v1`, {
      tls: { groups: clientGroupList('prefer', runtime), ca: certificate.cert, onConnection: (security) => reports.push(security) },
    });
    clients.push(http);
    return http;
  }

  it('offers the hybrid group first and reports what each call went out on', async () => {
    const connections: ConnectionSecurity[] = [];
    const calls: ConnectionSecurity[] = [];
    const http = client(hybrid, connections);
    for (let round = 0; round < 2; round++) {
      const response = await http.request({ ...chat, transport: { onConnection: (security) => calls.push(security) } });
      expect(response.status).toBe(200);
      await response.text();
      // undici frees the connection just after the body's end: let it, so the second call reuses it.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const expected = runtime.supported
      ? { protocol: 'TLSv1.3', group: 'X25519MLKEM768', postQuantum: true }
      : { protocol: 'TLSv1.3', group: 'X25519', postQuantum: false };
    // Two calls, one connection: the second reused it (keep-alive) and still knows what it negotiated.
    expect(connections).toEqual([expected]);
    expect(calls).toEqual([expected, expected]);
  });

  it('falls back to a classical group with a provider limited to them', async () => {
    const calls: ConnectionSecurity[] = [];
    const response = await client(classical).request({ ...chat, transport: { onConnection: (security) => calls.push(security) } });
    await response.text();
    expect(calls).toEqual([{ protocol: 'TLSv1.3', group: 'X25519', postQuantum: false }]);
  });

  it('writes nothing on a classical connection for a call that requires post-quantum transport', async () => {
    classical.reset();
    const calls: ConnectionSecurity[] = [];
    const failure = await client(classical)
      .request({ ...chat, transport: { requirePostQuantum: ['cui-quantum-safe'], onConnection: (security) => calls.push(security) } })
      .then(() => undefined, (error: unknown) => error);
    expect(GatewayError.isInstance(failure) && failure.code).toBe('upstream_connection');
    expect((failure as GatewayError).message).toBe(
      'Not sent: the connection negotiated TLSv1.3 with X25519, not a post-quantum group, and policy cui-quantum-safe requires post-quantum transport.',
    );
    expect(calls).toEqual([{ protocol: 'TLSv1.3', group: 'X25519', postQuantum: false }]);
    expect(classical.received).toEqual([]);
  });

  it.runIf(runtime.supported)('sends a call that requires post-quantum transport over a hybrid connection', async () => {
    hybrid.reset();
    const response = await client(hybrid).request({ ...chat, transport: { requirePostQuantum: ['cui-quantum-safe'] } });
    expect(response.status).toBe(200);
    await response.text();
    expect(hybrid.received).toHaveLength(1);
  });

  it('reports plain HTTP without a handshake and refuses a post-quantum call on it', async () => {
    const plain = await startSimulator();
    const http = createPoolHttpClient(`${plain.url}/v1`);
    try {
      const calls: ConnectionSecurity[] = [];
      await (await http.request({ ...chat, transport: { onConnection: (security) => calls.push(security) } })).text();
      expect(calls).toEqual([{ protocol: 'plaintext', postQuantum: false }]);
      const failure = await http.request({ ...chat, transport: { requirePostQuantum: ['p'] } }).then(() => undefined, (error: unknown) => error);
      expect((failure as GatewayError).message).toContain('negotiated plain HTTP');
      expect(plain.received).toHaveLength(1);
    } finally {
      await http.close();
      await plain.close();
    }
  });
});
