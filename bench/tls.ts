/**
 * TLS benchmark: what the hybrid post-quantum key exchange (`X25519MLKEM768`) costs against the classical `X25519`,
 * on loopback with a self-signed P-256 certificate. For each group: the median and p90 wall time of a full TLS 1.3
 * handshake (fresh connection, no session resumption) and the CPU it used (client and server, both in this process),
 * then the time per HTTPS request over one kept-alive connection (the cost once a connection is reused, expected
 * near zero). The two groups are measured alternately in rounds, so load on the machine falls on both alike.
 * Needs Node 24 (OpenSSL 3.5) for the hybrid group; on an older runtime only the classical figures are printed.
 * `--json` prints one JSON object on stdout; progress goes to stderr. `--handshakes N` (default 300 per group).
 *
 *   npm run bench -- tls [--json] [--handshakes N]
 *   npx -y node@24 node_modules/tsx/dist/cli.mjs bench/tls.ts --json    (the hybrid figures)
 */
import { request, Agent, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { hybridGroup } from '../src/core/transport/transport-security.ts';
import { postQuantumRuntime } from '../src/security/tls/post-quantum-runtime.ts';
import { readConnectionSecurity } from '../src/security/tls/read-connection-security.ts';
import { selfSignedCertificate } from '../test/helpers/self-signed-certificate.ts';
import { parseCountOptions } from './lib/count-options.ts';

const { json, handshakes } = parseCountOptions({ handshakes: { default: 300, min: 10 } });
const requestsPerConnection = 500;
const rounds = 10;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const runtime = postQuantumRuntime();
const certificate = selfSignedCertificate();
const groups = runtime.supported ? [hybridGroup, 'X25519'] : ['X25519'];

interface HandshakeFigures {
  wallMs: number[];
  cpuMicroseconds: number;
  negotiated: string | undefined;
}

/** One TLS server accepting every group this runtime has; the client's offer decides the group. */
const tlsServer = createServer({
  cert: certificate.cert,
  key: certificate.key,
  ecdhCurve: runtime.supported ? `${hybridGroup}:X25519` : 'X25519',
  minVersion: 'TLSv1.3',
}, (socket) => socket.end());
await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
const tlsPort = (tlsServer.address() as AddressInfo).port;

function handshakeOnce(group: string): Promise<{ ms: number; negotiated: string | undefined }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host: '127.0.0.1', port: tlsPort, ca: certificate.cert, ecdhCurve: group, minVersion: 'TLSv1.3' }, () => {
      const ms = performance.now() - started;
      const negotiated = readConnectionSecurity(socket).group;
      socket.destroy();
      resolve({ ms, negotiated });
    });
    socket.once('error', reject);
  });
}

async function handshakeRound(group: string, count: number, into: HandshakeFigures): Promise<void> {
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < count; index++) {
    const { ms, negotiated } = await handshakeOnce(group);
    into.wallMs.push(ms);
    into.negotiated = negotiated;
  }
  const cpu = process.cpuUsage(cpuBefore);
  into.cpuMicroseconds += cpu.user + cpu.system;
}

/** An HTTPS server answering a small JSON body; the per-request figure is measured over one kept-alive connection. */
const httpsServer = createHttpsServer({ cert: certificate.cert, key: certificate.key, ecdhCurve: runtime.supported ? `${hybridGroup}:X25519` : 'X25519' }, (incoming, outgoing) => {
  incoming.resume();
  incoming.on('end', () => {
    outgoing.writeHead(200, { 'content-type': 'application/json' });
    outgoing.end('{"ok":true}');
  });
});
await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
const httpsPort = (httpsServer.address() as AddressInfo).port;

async function perRequestOverOneConnection(group: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: certificate.cert, ecdhCurve: group });
  const once = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port: httpsPort, path: '/', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      outgoing.once('error', reject);
      outgoing.end('{"model":"chat","messages":[{"role":"user","content":"hello"}]}');
    });
  await once(); // the handshake, left out of the figure
  const started = performance.now();
  for (let index = 0; index < requestsPerConnection; index++) await once();
  const elapsed = performance.now() - started;
  agent.destroy();
  return elapsed / requestsPerConnection;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};
const round3 = (value: number): number => Math.round(value * 1000) / 1000;

log(`${runtime.summary}`);
if (!runtime.supported) log('the hybrid group cannot be measured on this runtime: run it under Node 24 (see the header of bench/tls.ts)');

const figures = new Map<string, HandshakeFigures>(groups.map((group) => [group, { wallMs: [], cpuMicroseconds: 0, negotiated: undefined }]));
for (const group of groups) await handshakeRound(group, 20, { wallMs: [], cpuMicroseconds: 0, negotiated: undefined }); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const group of groups) await handshakeRound(group, Math.ceil(handshakes / rounds), figures.get(group)!);
}
const perRequest = new Map<string, number[]>(groups.map((group) => [group, []]));
for (let round = 0; round < 3; round++) {
  for (const group of groups) perRequest.get(group)!.push(await perRequestOverOneConnection(group));
}

tlsServer.close();
httpsServer.close();
certificate.remove();

const summary = (group: string) => {
  const figure = figures.get(group)!;
  return {
    negotiated: figure.negotiated,
    handshakeMs: round3(median(figure.wallMs)),
    handshakeP90Ms: round3(percentile(figure.wallMs, 0.9)),
    cpuMsPerHandshake: round3(figure.cpuMicroseconds / 1000 / figure.wallMs.length),
    perRequestMs: round3(median(perRequest.get(group)!)),
  };
};
const classical = summary('X25519');
const hybrid = runtime.supported ? summary(hybridGroup) : undefined;

if (json) {
  process.stdout.write(`${JSON.stringify({
    runtime: process.version,
    openssl: process.versions.openssl,
    post_quantum_supported: runtime.supported,
    negotiated_group: hybrid?.negotiated ?? null,
    handshakes_per_group: figures.get('X25519')!.wallMs.length,
    handshake_ms_hybrid: hybrid?.handshakeMs ?? null,
    handshake_ms_classical: classical.handshakeMs,
    handshake_p90_ms_hybrid: hybrid?.handshakeP90Ms ?? null,
    handshake_p90_ms_classical: classical.handshakeP90Ms,
    handshake_cpu_ms_hybrid: hybrid?.cpuMsPerHandshake ?? null,
    handshake_cpu_ms_classical: classical.cpuMsPerHandshake,
    handshake_ratio: hybrid ? round3(hybrid.handshakeMs / classical.handshakeMs) : null,
    request_ms_reused_hybrid: hybrid?.perRequestMs ?? null,
    request_ms_reused_classical: classical.perRequestMs,
    added_ms_per_request_reused: hybrid ? round3(hybrid.perRequestMs - classical.perRequestMs) : null,
  })}\n`);
} else {
  const line = (name: string, figure: ReturnType<typeof summary>): string =>
    `${name.padEnd(16)} negotiated ${String(figure.negotiated).padEnd(16)} handshake median ${figure.handshakeMs} ms (p90 ${figure.handshakeP90Ms}), CPU ${figure.cpuMsPerHandshake} ms/handshake, ${figure.perRequestMs} ms/request on a reused connection`;
  console.log(`TLS 1.3 on loopback, ${process.version} (OpenSSL ${process.versions.openssl}), ${figures.get('X25519')!.wallMs.length} handshakes per group`);
  if (hybrid) console.log(line(hybridGroup, hybrid));
  console.log(line('X25519', classical));
  if (hybrid) {
    console.log(`hybrid / classical handshake: ${round3(hybrid.handshakeMs / classical.handshakeMs)}x; CPU ${round3(hybrid.cpuMsPerHandshake / classical.cpuMsPerHandshake)}x`);
    console.log(`added per request with connection reuse: ${round3(hybrid.perRequestMs - classical.perRequestMs)} ms`);
  } else {
    console.log('hybrid group: unavailable on this runtime (Node 24 or later negotiates it)');
  }
}
