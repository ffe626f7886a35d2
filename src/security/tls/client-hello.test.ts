import { createServer, type Socket } from 'node:net';
import { connect } from 'node:tls';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxClientHelloBytes, readClientHello } from './client-hello.ts';
import { postQuantumRuntime } from './post-quantum-runtime.ts';

const runtime = postQuantumRuntime();

/** The first bytes a Node TLS client sends (its ClientHello), caught by a TCP server that never answers. */
async function capturedHello(options: { groups?: string; maxVersion?: 'TLSv1.2' } = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = connect({
    host: '127.0.0.1',
    port: (server.address() as { port: number }).port,
    rejectUnauthorized: false,
    ...(options.groups === undefined ? {} : { ecdhCurve: options.groups }),
    ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
  });
  client.on('error', () => undefined);
  while (readClientHello(Buffer.concat(chunks)) === 'incomplete') await new Promise((wait) => setTimeout(wait, 5));
  client.destroy();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  return Buffer.concat(chunks);
}

describe('readClientHello', () => {
  let hello: Buffer;
  beforeAll(async () => {
    hello = await capturedHello({ groups: runtime.supported ? 'X25519MLKEM768:X25519:P-256' : 'X25519:P-256' });
  });

  it("reads a real client's groups, key shares and versions", () => {
    expect(readClientHello(hello)).toEqual({
      supportedGroups: runtime.supported ? ['X25519MLKEM768', 'X25519', 'P-256'] : ['X25519', 'P-256'],
      keyShares: runtime.supported ? ['X25519MLKEM768'] : ['X25519'],
      offersTls13: true,
      resumptionWithoutKeyExchange: false,
    });
  });

  it('reads a TLS 1.2-only hello (no key shares, no TLS 1.3)', async () => {
    const old = readClientHello(await capturedHello({ groups: 'P-384:P-256', maxVersion: 'TLSv1.2' }));
    expect(old).toMatchObject({ supportedGroups: ['P-384', 'P-256'], keyShares: [], offersTls13: false });
  });

  it('asks for more bytes for every proper prefix of a hello', () => {
    for (let length = 0; length < hello.length; length += 7) expect(readClientHello(hello.subarray(0, length))).toBe('incomplete');
  });

  it('reads a hello split over several TLS records', () => {
    const body = hello.subarray(5);
    const split = Math.floor(body.length / 3);
    const record = (part: Buffer) => Buffer.concat([Buffer.from([22, 3, 1, part.length >> 8, part.length & 0xff]), part]);
    const pieces = Buffer.concat([record(body.subarray(0, 3)), record(body.subarray(3, split)), record(body.subarray(split))]);
    expect(readClientHello(pieces)).toEqual(readClientHello(hello));
  });

  it('never throws: random bytes, and a real hello with any byte changed, give a hello, incomplete or undefined', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const result = readClientHello(bytes);
        expect(result === undefined || result === 'incomplete' || typeof result === 'object').toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.nat({ max: hello.length - 1 }), fc.integer({ min: 0, max: 255 }), (index, value) => {
        const changed = Buffer.from(hello);
        changed[index] = value;
        const result = readClientHello(changed);
        expect(result === undefined || result === 'incomplete' || typeof result === 'object').toBe(true);
      }),
    );
  });

  it('refuses what is not a ClientHello or is longer than the limit', () => {
    expect(readClientHello(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toBeUndefined();
    expect(readClientHello(Buffer.from([22, 3, 1, 0, 4, 2, 0, 0, 0]))).toBeUndefined();
    const huge = Buffer.from([22, 3, 1, 0, 4, 1, 0x7f, 0xff, 0xff]);
    expect(readClientHello(huge)).toBeUndefined();
    expect(maxClientHelloBytes).toBe(65_536);
  });
});
