import { request as httpsRequest } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postQuantumRuntime } from '../../security/tls/post-quantum-runtime.ts';
import { readConnectionSecurity } from '../../security/tls/read-connection-security.ts';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../../test/helpers/self-signed-certificate.ts';
import { loadListenerTls } from '../tls/listener-tls.ts';
import { startListener, type Listener } from './start-listener.ts';

const runtime = postQuantumRuntime();

interface Seen {
  /** What the client's own socket reports (Node reports the group on the client side only). */
  client: { protocol: string; group?: string };
  /** What the listener worked out from the ClientHello. */
  server: { protocol: string; group?: string; postQuantum: boolean };
}

/** One HTTPS request with the given client groups: what each side says the connection negotiated. */
function exchange(listener: Listener, ca: string, options: { groups?: string; maxVersion?: 'TLSv1.2' } = {}): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {
        host: '127.0.0.1',
        port: listener.port,
        path: '/',
        ca,
        agent: false,
        ...(options.groups === undefined ? {} : { ecdhCurve: options.groups }),
        ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const client = readConnectionSecurity(request.socket as TLSSocket);
          resolve({ client: { protocol: client.protocol, ...(client.group ? { group: client.group } : {}) }, server: JSON.parse(text) as Seen['server'] });
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

function startTlsListener(certificate: SelfSignedCertificate, postQuantum: 'prefer' | 'require' | 'off', reloadCheckMs = 2000): Promise<Listener> {
  const tls = loadListenerTls({ certFile: certificate.certFile, keyFile: certificate.keyFile, postQuantum, reloadCheckMs }, '.', runtime);
  let listener: Listener;
  const started = startListener({
    host: '127.0.0.1',
    port: 0,
    maxHeaderSize: 16 * 1024,
    keepAliveTimeout: 5000,
    tls,
    reloadCheckMs,
    handler: (request, response) => response.end(JSON.stringify(listener.transportOf(request))),
  });
  return started.then((value) => (listener = value));
}

/** Client group lists every runtime knows, and on Node 24 the hybrid group in several positions. */
const clientGroupLists: Array<{ groups?: string; maxVersion?: 'TLSv1.2' }> = [
  { groups: 'X25519' },
  { groups: 'P-256' },
  { groups: 'P-384:P-256' },
  { groups: 'P-256:X25519' },
  { groups: 'P-256:X25519', maxVersion: 'TLSv1.2' },
  { groups: 'P-521:P-384:P-256' },
  { groups: 'P-521:P-384:P-256', maxVersion: 'TLSv1.2' },
  ...(runtime.supported
    ? [{}, { groups: 'X25519MLKEM768:X25519' }, { groups: 'X25519:X25519MLKEM768' }, { groups: 'P-256:X25519MLKEM768' }, { groups: 'X25519MLKEM768' }]
    : []),
];

describe(`the gateway's TLS listener (${runtime.summary})`, () => {
  let certificate: SelfSignedCertificate;
  const listeners: Listener[] = [];

  beforeAll(() => {
    certificate = selfSignedCertificate();
  });
  afterAll(async () => {
    await Promise.all(listeners.map((listener) => { listener.closeAllConnections(); return listener.close(); }));
    certificate.remove();
  });

  for (const mode of ['prefer', 'off'] as const) {
    // A client offering only the hybrid group has nothing in common with a classical listener (a failed handshake).
    const clients = mode === 'off' ? clientGroupLists.filter((client) => client.groups !== 'X25519MLKEM768') : clientGroupLists;
    it.each(clients)(`postQuantum ${mode}: the group it reports is the one the client negotiated (client groups %j)`, async (client) => {
      const listener = await startTlsListener(certificate, mode);
      listeners.push(listener);
      const seen = await exchange(listener, certificate.cert, client);
      expect(seen.client.group).toBeDefined();
      expect(seen.server).toEqual({ protocol: seen.client.protocol, group: seen.client.group, postQuantum: seen.client.group === 'X25519MLKEM768' });
      if (mode === 'off') expect(seen.server.postQuantum).toBe(false);
    });
  }

  it.runIf(runtime.supported)('prefer: a client offering the hybrid group gets it, even when it lists X25519 first', async () => {
    const listener = await startTlsListener(certificate, 'prefer');
    listeners.push(listener);
    for (const groups of [undefined, 'X25519:X25519MLKEM768']) {
      const seen = await exchange(listener, certificate.cert, groups === undefined ? {} : { groups });
      expect(seen.server).toEqual({ protocol: 'TLSv1.3', group: 'X25519MLKEM768', postQuantum: true });
    }
  });

  it.runIf(runtime.supported)('require: a client limited to classical groups fails the handshake; a hybrid one is served', async () => {
    const listener = await startTlsListener(certificate, 'require');
    listeners.push(listener);
    await expect(exchange(listener, certificate.cert, { groups: 'X25519:P-256' })).rejects.toThrow();
    expect((await exchange(listener, certificate.cert)).server.group).toBe('X25519MLKEM768');
  });

  it.runIf(!runtime.supported)('require is refused at start-up on a runtime without post-quantum TLS, naming the setting and the runtime', () => {
    expect(() => loadListenerTls({ certFile: certificate.certFile, keyFile: certificate.keyFile, postQuantum: 'require', reloadCheckMs: 2000 }, '.', runtime)).toThrow(
      /^server\.tls\.postQuantum: require accepts only post-quantum key exchange, and post-quantum TLS unavailable: Node v\d+/,
    );
  });

  it('loads a replaced certificate for new connections without a restart', async () => {
    const own = selfSignedCertificate('first.example');
    const listener = await startTlsListener(own, 'prefer', 100);
    listeners.push(listener);
    const commonName = () =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: listener.port, rejectUnauthorized: false }, () => {
          const name = socket.getPeerCertificate().subject.CN;
          socket.end();
          resolve(Array.isArray(name) ? name.join(',') : String(name));
        });
        socket.on('error', reject);
      });
    expect(await commonName()).toBe('first.example');
    const next = selfSignedCertificate('second.example');
    copyFileSync(next.keyFile, own.keyFile);
    copyFileSync(next.certFile, own.certFile);
    const deadline = Date.now() + 5000;
    let name = await commonName();
    while (name !== 'second.example' && Date.now() < deadline) {
      await new Promise((wait) => setTimeout(wait, 100));
      name = await commonName();
    }
    expect(name).toBe('second.example');
    own.remove();
    next.remove();
  });
});
