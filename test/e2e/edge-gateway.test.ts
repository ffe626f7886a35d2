import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeClient, EdgeBundleError, verifyEdgeBundle, type EdgeBundlePayload, type SignedEdgeBundle } from '../../src/edge/index.ts';
import { join } from 'node:path';
import { readPublicKeyFile } from '../../src/security/audit/signing-key.ts';
import { startEdgeGateway, type EdgeTestGateway } from '../helpers/start-edge-gateway.ts';
import { tinyModelPath, tinyModelSkipReason } from '../helpers/tiny-model.ts';

const story = 'Once upon a time, there was a little girl named Lily.';

describe.skipIf(!tinyModelPath)(tinyModelPath ? 'the edge tier at the gateway' : `the edge tier at the gateway (${tinyModelSkipReason})`, () => {
  let harness: EdgeTestGateway;
  let publicKey: Uint8Array;
  const bundle = async (key: string) => fetch(`${harness.url}/v1/edge/bundle`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    harness = await startEdgeGateway(tinyModelPath!);
    // The gateway's audit key, as `sovereign audit public-key` prints it.
    publicKey = readPublicKeyFile(join(harness.home, 'audit-public-key.json'));
  });
  afterAll(() => harness.close());

  it('serves a bundle signed with the gateway key that the SDK verifies, with no endpoint or credential in it', async () => {
    const response = await bundle(harness.edgeKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const signed = (await response.json()) as SignedEdgeBundle;
    const payload = verifyEdgeBundle(signed, publicKey);
    expect(payload.tenant).toBe('default');
    expect(payload.principal).toMatchObject({ tenant: 'default', scopes: ['edge'], country: 'DE', labels: ['eu'] });
    expect(payload.policies.map((policy) => (policy as { name: string }).name)).toEqual(['block-secrets', 'personal-data-stays-on-device', 'classified-stays-local']);
    expect(payload.providers.map((provider) => `${provider.id}:${provider.tier}`).sort()).toEqual(['device:edge', 'sim-cloud:cloud', 'sim-local:local']);
    expect(payload.device).toEqual({ providerId: 'device', wasmUrl: '/sdk/wllama/wllama.wasm', models: [{ name: 'stories260k', url: '/sdk/models/stories260k.gguf' }] });
    expect(payload.expiresAt - payload.issuedAt).toBe(3600 * 1000);
    expect(signed.payload).not.toMatch(/baseUrl|apiKey|127\.0\.0\.1|stories260K\.gguf|"file"/);
  });

  it('the bundle is refused once changed, or checked with another key', async () => {
    const signed = (await (await bundle(harness.edgeKey)).json()) as SignedEdgeBundle;
    const loosened = { ...signed, payload: signed.payload.replace('"tiers":["edge"]', '"tiers":["edge","cloud"]') };
    expect(loosened.payload).not.toBe(signed.payload);
    expect(() => verifyEdgeBundle(loosened, publicKey)).toThrow(EdgeBundleError);
    const sdk = await (await fetch(`${harness.url}/sdk/edge.js`)).text();
    // The served SDK carries the same key, so a page that loads it verifies bundles without configuring one.
    expect(sdk).toContain(JSON.stringify(Buffer.from(publicKey).toString('base64')));
    const other = new Uint8Array(publicKey);
    other[10] = (other[10] ?? 0) ^ 1;
    expect(() => verifyEdgeBundle(signed, other)).toThrow(/does not verify/);
    const payload = JSON.parse(signed.payload) as EdgeBundlePayload;
    expect(() => verifyEdgeBundle(signed, publicKey, payload.expiresAt + 1)).toThrow(/expired/);
  });

  it('answers the bundle only to keys with the edge scope, and refuses without a key', async () => {
    expect((await bundle('sk-nonsense')).status).toBe(401);
    const created = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'default', name: 'server app', scopes: ['chat'] }),
    });
    const chatKey = ((await created.json()) as { secret: string }).secret;
    const refused = await bundle(chatKey);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('scope edge');
  });

  it('an edge key is alone in its scope and rate-limited by default', async () => {
    const mixed = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'default', name: 'mixed', scopes: ['edge', 'admin'] }),
    });
    expect(mixed.status).toBe(400);
    const listed = (await (await fetch(`${harness.url}/admin/keys?tenant=default`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as {
      data?: Array<{ name: string; rate_limits?: Record<string, number> }>;
    };
    const web = (listed.data ?? (listed as unknown as Array<{ name: string; rate_limits?: Record<string, number> }>)).find((key) => key.name === 'web page');
    expect(web?.rate_limits).toMatchObject({ requests_per_minute: 60 });
  });

  it('refuses an edge key beyond its rate limit', async () => {
    const limited = await startEdgeGateway(tinyModelPath!, {}, { rate_limits: { requests_per_minute: 2 } });
    try {
      const statuses = [];
      for (let index = 0; index < 3; index++) statuses.push((await fetch(`${limited.url}/v1/edge/bundle`, { headers: { authorization: `Bearer ${limited.edgeKey}` } })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('records on-device usage reports in the ledger (counts only) and refuses anything else', async () => {
    const report = (body: unknown) =>
      fetch(`${harness.url}/v1/edge/usage`, { method: 'POST', headers: { authorization: `Bearer ${harness.edgeKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const accepted = await report({ model: 'stories260k', backend: 'wasm', input_tokens: 16, output_tokens: 40, latency_ms: 350, ttft_ms: 30 });
    expect(accepted.status).toBe(200);
    const rows = await harness.gateway.services.ledger.usage({ provider: 'device', groupBy: ['model'] });
    expect(rows).toEqual([expect.objectContaining({ model: 'stories260k', requests: 1, inputTokens: 16, outputTokens: 40 })]);
    // 16 input and 40 output tokens at $0.05 / $0.10 per million.
    expect(rows[0]?.costNanoUsd).toBe(16 * 50 + 40 * 100);
    expect((await report({ model: 'stories260k', backend: 'wasm', input_tokens: 1, output_tokens: 1, latency_ms: 1, prompt: 'the text' })).status).toBe(400);
    expect((await report({ model: 'stories260k', backend: 'wasm', input_tokens: -1, output_tokens: 1, latency_ms: 1 })).status).toBe(400);
    expect((await report({ model: 'other', backend: 'wasm', input_tokens: 1, output_tokens: 1, latency_ms: 1 })).status).toBe(404);
    const notJson = await fetch(`${harness.url}/v1/edge/usage`, { method: 'POST', headers: { authorization: `Bearer ${harness.edgeKey}`, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    // Read like every other JSON body of the gateway: a declared non-JSON type is 415.
    expect((await fetch(`${harness.url}/v1/edge/usage`, { method: 'POST', headers: { authorization: `Bearer ${harness.edgeKey}` }, body: '{}' })).status).toBe(415);
  });

  it('stops reading a usage report past its 4 KB limit (413), even one that never ends', async () => {
    const chunk = new TextEncoder().encode(`{"model":"${'x'.repeat(60_000)}`);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${harness.url}/v1/edge/usage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.edgeKey}`, 'content-type': 'application/json' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    const declared = await fetch(`${harness.url}/v1/edge/usage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.edgeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x'.repeat(5_000) }),
    });
    expect(declared.status).toBe(413);
  });

  it('lets the edge key call the chat endpoint under the tenant policies, where a declared profile only tightens', async () => {
    const chat = (content: string, headers: Record<string, string> = {}) =>
      fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.edgeKey}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content }] }),
      });
    const plain = await chat('Tell me about cats.');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('x-sovereign-provider')).toBe('sim-cloud');
    // A page that declares CUI for innocuous text tightens: local tier.
    expect((await chat('Tell me about cats.', { 'x-sovereign-classification': 'CUI' })).headers.get('x-sovereign-provider')).toBe('sim-local');
    // Declaring UNCLASSIFIED cannot loosen what the gateway finds itself.
    expect((await chat('CUI\n\nThe plan.', { 'x-sovereign-classification': 'UNCLASSIFIED' })).headers.get('x-sovereign-provider')).toBe('sim-local');
    // Personal data may only be processed on the device: the gateway has no compliant provider and refuses.
    const personal = await chat('Mail lily@example.com about the party.');
    expect(personal.status).toBe(403);
    const embeddings = await fetch(`${harness.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.edgeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cloud-embed', input: 'y' }),
    });
    expect(embeddings.status).toBe(403);
    expect(harness.simulator('sim-cloud').received.filter((request) => request.path.endsWith('/embeddings'))).toEqual([]);
  });

  it('the SDK in Node decides as the gateway does and runs gateway-bound requests there', async () => {
    const client = createEdgeClient({ gatewayUrl: harness.url, edgeKey: harness.edgeKey, publicKey, device: false });
    await client.ready();
    const onDevice = await client.decide({ messages: [{ role: 'user', content: `${story} Write to lily@example.com.` }] });
    // Without a device that can run models, a request only the device may serve is refused, never sent.
    expect(onDevice.where).toBe('refused');
    expect(onDevice.error?.code).toBe('no_healthy_candidate');
    expect(onDevice.explanation).toContain('Compliant but unavailable (circuit open):\n  - device / stories260k');
    const result = await client.run({ messages: [{ role: 'user', content: 'Tell me about cats.' }] });
    expect(result).toMatchObject({ where: 'gateway', provider: 'sim-cloud' });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.outputTokens).toBeGreaterThan(0);
    // The SDK's explanation is the gateway's own format, over the same candidates in the same order.
    expect(result.decision.explanation).toMatch(/^Decision dec_edge_\w+ at .*\nModel "auto", strategy cheapest/);
    expect(result.decision.decision?.candidates.map((candidate) => candidate.providerId)).toEqual(['sim-cloud', 'sim-local']);
    // What the page declares goes along and tightens the gateway's own decision: CUI stays on the local tier.
    const declared = await client.run({ messages: [{ role: 'user', content: 'Tell me about cats.' }] }, { declarations: { classification: 'CUI', residency: 'DE' } });
    expect(declared).toMatchObject({ where: 'gateway', provider: 'sim-local' });
    expect(declared.decision.profile.classification).toBe('CUI');
    const explained = (await (await fetch(`${harness.url}/v1/decisions/${result.gatewayDecisionId}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as {
      candidates: Array<{ provider: string }>;
      explanation: string;
    };
    expect(explained.candidates.map((candidate) => candidate.provider)).toEqual(['sim-cloud', 'sim-local']);
    const lines = (text: string) => text.split('\n');
    const gatewayLines = lines(explained.explanation);
    const pageLines = lines(result.decision.explanation);
    // Same model, strategy, token estimates and policies; the same candidate lines up to the live latency figure.
    expect(pageLines.slice(1, 3)).toEqual(gatewayLines.slice(1, 3));
    const candidateLine = (line: string | undefined) => line?.replace(/, ~\d+ ms.*$/, '');
    expect(candidateLine(pageLines.find((line) => line.startsWith('  1. ')))).toBe(candidateLine(gatewayLines.find((line) => line.startsWith('  1. '))));
  });

  it.each([
    ['an innocuous prompt', 'Tell me about cats.'],
    ['a CUI marking', 'CUI\n\nSummarise the plan.'],
    ['a SECRET marking nobody is cleared for', 'SECRET//NOFORN\nSummarise the plan.'],
    ['personal data only the device may process', 'Mail lily@example.com about the party.'],
    ['a credential', 'my key is sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD'],
  ])('the page and the gateway reach the same verdict on %s', async (_name, content) => {
    const client = createEdgeClient({ gatewayUrl: harness.url, edgeKey: harness.edgeKey, publicKey, device: false });
    const page = await client.decide({ messages: [{ role: 'user', content }] });
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.edgeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content }] }),
    });
    if (response.status === 200) {
      expect(page.where).toBe('gateway');
      const explained = (await (await fetch(`${harness.url}/v1/decisions/${response.headers.get('x-sovereign-decision')}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as {
        candidates: Array<{ provider: string }>;
        policies: string[];
      };
      expect(page.decision?.candidates.map((candidate) => candidate.providerId)).toEqual(explained.candidates.map((candidate) => candidate.provider));
      expect(page.policies).toEqual(explained.policies);
    } else {
      // Refused by both: a block, or no compliant provider the gateway can reach (the device is not one of its own).
      expect(response.status).toBe(403);
      expect(page.where).toBe('refused');
      const gatewayPolicies = ((await response.json()) as { error: { message: string } }).error.message;
      for (const policy of page.policies) expect(gatewayPolicies).toContain(policy);
    }
  });

  it('the SDK refuses a tampered bundle and sends nothing', async () => {
    const requests: string[] = [];
    const tampering: typeof fetch = async (input, init) => {
      const url = String(input);
      requests.push(url);
      const response = await fetch(input, init);
      if (!url.endsWith('/v1/edge/bundle')) return response;
      const signed = (await response.json()) as SignedEdgeBundle;
      return Response.json({ ...signed, payload: signed.payload.replace('"tiers":["edge"]', '"tiers":["edge","cloud"]') });
    };
    const client = createEdgeClient({ gatewayUrl: harness.url, edgeKey: harness.edgeKey, publicKey, fetch: tampering, device: false });
    await expect(client.ready()).rejects.toMatchObject({ name: 'EdgeBundleError', code: 'signature' });
    await expect(client.run({ messages: [{ role: 'user', content: 'Mail lily@example.com.' }] })).rejects.toMatchObject({ code: 'signature' });
    expect(requests.every((url) => url.endsWith('/v1/edge/bundle'))).toBe(true);
  });
});
