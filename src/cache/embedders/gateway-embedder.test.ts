import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dotProduct } from './embedder.ts';
import { createGatewayEmbedder } from './gateway-embedder.ts';

let server: Server;
let baseUrl: string;
const received: Array<{ url?: string; headers: IncomingMessage['headers']; body: { model: string; input: string[]; encoding_format: string } }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text) as { model: string; input: string[]; encoding_format: string };
      received.push({ url: request.url, headers: request.headers, body });
      if (body.model === 'refuse') {
        response.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"message":"policy"}}');
        return;
      }
      // Answers in reverse order with explicit indexes, as the API allows.
      const data = body.input.map((input, index) => ({ object: 'embedding', index, embedding: [input.length, 3, 4] })).reverse();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('createGatewayEmbedder', () => {
  it('posts to /v1/embeddings with the key, asks for floats, orders by index and normalises', async () => {
    const embedder = createGatewayEmbedder({ baseUrl, apiKey: 'sk-test-secret', model: 'embed-small', dimensions: 3 });
    const [short, long] = await embedder.embed(['abc', 'abcdefghijkl']);
    const last = received.at(-1)!;
    expect(last.url).toBe('/v1/embeddings');
    expect(last.headers.authorization).toBe('Bearer sk-test-secret');
    expect(last.headers['x-sovereign-cache']).toBe('no-store');
    expect(last.body).toEqual({ model: 'embed-small', input: ['abc', 'abcdefghijkl'], encoding_format: 'float' });
    expect(dotProduct(short!, short!)).toBeCloseTo(1, 6);
    expect(short![0]!).toBeCloseTo(3 / Math.sqrt(9 + 9 + 16), 6);
    expect(long![0]!).toBeCloseTo(12 / Math.sqrt(144 + 9 + 16), 6);
    expect(embedder.id).toBe('gateway-embed-small-3');
  });

  it('fails without exposing the key when the gateway refuses, and on a wrong vector size', async () => {
    const refused = createGatewayEmbedder({ baseUrl, apiKey: 'sk-test-secret', model: 'refuse', dimensions: 3 });
    const error = await refused.embed(['x']).catch((thrown: unknown) => thrown as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('403');
    expect((error as Error).message).not.toContain('sk-test-secret');
    const wrongSize = createGatewayEmbedder({ baseUrl, apiKey: 'k', model: 'embed-small', dimensions: 8 });
    await expect(wrongSize.embed(['x'])).rejects.toThrow(/not 8 numbers/);
  });
});
