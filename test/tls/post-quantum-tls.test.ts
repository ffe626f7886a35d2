import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderEntryInput } from '../../src/core/catalog/catalog-schema.ts';
import { openAuditStore } from '../../src/security/audit/audit-store.ts';
import { postQuantumRuntime } from '../../src/security/tls/post-quantum-runtime.ts';
import { startSimulator, type Simulator } from '../../src/sim/simulator.ts';
import { selfSignedCertificate, type SelfSignedCertificate } from '../helpers/self-signed-certificate.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

/**
 * The gateway against providers behind TLS (the simulator with a self-signed certificate): one whose server offers
 * the runtime's groups (the hybrid X25519MLKEM768 first on Node 24), one limited to classical groups. Run under
 * Node 20 by `npm test` (post-quantum TLS unavailable: requests that require it fail closed) and under Node 24 by
 * `npm run test:node24` (the hybrid provider is verified and used).
 */
const runtime = postQuantumRuntime();

const policies = [
  {
    name: 'cui-quantum-safe',
    description: 'CUI and above only over post-quantum TLS.',
    when: 'profile.classificationLevel >= 2',
    require: { postQuantumTransport: true },
  },
  {
    name: 'secret-clients-quantum-safe',
    description: 'SECRET only from clients connected over post-quantum TLS.',
    when: 'profile.classificationLevel >= 4',
    require: { clientPostQuantumTransport: true },
  },
];

function tlsProvider(id: string, simulator: Simulator, caFile: string, price: number): ProviderEntryInput {
  return {
    id,
    adapter: 'openai-compatible',
    tier: 'cloud',
    jurisdiction: 'DE',
    operator: { name: `${id} operator`, country: 'DE' },
    clearance: 'SECRET',
    baseUrl: `${simulator.url}/v1`,
    tls: { caFile },
    models: [{ name: 'chat', price: { input: price, output: price } }],
  };
}

interface AuditedRecord {
  requestId: string;
  provider?: string;
  status: number;
  errorCode?: string;
  transport?: { protocol: string; group?: string; postQuantum: boolean };
}

describe(`post-quantum transport to providers (${runtime.summary})`, () => {
  let certificate: SelfSignedCertificate;
  let quantum: Simulator;
  let classic: Simulator;
  let harness: TestGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    const tls = { cert: certificate.cert, key: certificate.key };
    quantum = await startSimulator({ tls });
    classic = await startSimulator({ tls: { ...tls, groups: 'X25519:P-256' } });
    harness = await startTestGateway({
      providers: [tlsProvider('quantum-safe', quantum, certificate.certFile, 5), tlsProvider('classic-only', classic, certificate.certFile, 1)],
      config: { policies, routing: { maxFallbacks: 2 }, cache: { enabled: false } },
    });
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all([quantum.close(), classic.close()]);
    certificate.remove();
  });
  beforeEach(() => {
    quantum.reset();
    classic.reset();
  });

  const ask = (headers: Record<string, string> = {}) =>
    openai.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'Summarise the plan.' }] }, { headers }).withResponse();

  async function decision(id: string): Promise<{ attempts: Array<Record<string, unknown>>; excluded: Array<{ providerId: string; reasons: Array<{ reason: string; policy?: string }> }> }> {
    const response = await fetch(`${harness.url}/v1/decisions/${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    return (await response.json()) as never;
  }

  async function audited(requestId: string): Promise<AuditedRecord> {
    await harness.gateway.services.auditLog.checkpoint();
    const store = openAuditStore(harness.gateway.services.auditLog.dbFile, { readonly: true });
    try {
      for (const row of store.recordsAfter(0)) {
        const record = JSON.parse(row.record) as AuditedRecord;
        if (record.requestId === requestId) return record;
      }
    } finally {
      store.close();
    }
    throw new Error(`no audit record for ${requestId}`);
  }

  it('sends an unclassified request to the cheaper classical provider and records the classical group', async () => {
    const { response } = await ask();
    expect(response.headers.get('x-sovereign-provider')).toBe('classic-only');
    const explained = await decision(response.headers.get('x-sovereign-decision')!);
    expect(explained.attempts).toEqual([
      { providerId: 'classic-only', model: 'chat', outcome: 'ok', transport: { protocol: 'TLSv1.3', group: 'X25519', postQuantum: false } },
    ]);
    const record = await audited(response.headers.get('x-request-id')!);
    expect(record.transport).toEqual({ protocol: 'TLSv1.3', group: 'X25519', postQuantum: false });
  });

  it.runIf(runtime.supported)('sends a CUI request only to the provider that negotiates X25519MLKEM768, and says so', async () => {
    const { response } = await ask({ 'x-sovereign-classification': 'CUI' });
    expect(response.headers.get('x-sovereign-provider')).toBe('quantum-safe');
    expect(classic.received).toEqual([]);
    expect(quantum.received).toHaveLength(1);
    const explained = await decision(response.headers.get('x-sovereign-decision')!);
    expect(explained.attempts).toEqual([
      { providerId: 'quantum-safe', model: 'chat', outcome: 'ok', transport: { protocol: 'TLSv1.3', group: 'X25519MLKEM768', postQuantum: true } },
    ]);
    expect(explained.excluded).toEqual([
      {
        providerId: 'classic-only',
        model: 'chat',
        reasons: [{ kind: 'policy', policy: 'cui-quantum-safe', reason: 'transport not post-quantum: TLSv1.3 with X25519 (classical) (policy cui-quantum-safe)' }],
      },
    ]);
    const record = await audited(response.headers.get('x-request-id')!);
    expect(record).toMatchObject({ provider: 'quantum-safe', status: 200, transport: { protocol: 'TLSv1.3', group: 'X25519MLKEM768', postQuantum: true } });
  });

  it.runIf(!runtime.supported)('fails closed on a runtime without post-quantum TLS: 403 naming the policy and the runtime, nothing sent', async () => {
    const failure = await ask({ 'x-sovereign-classification': 'CUI' }).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const error = failure as InstanceType<typeof OpenAI.PermissionDeniedError>;
    expect(error.status).toBe(403);
    expect(error.message).toContain('cui-quantum-safe');
    expect(error.message).toContain(`Node ${process.version} with OpenSSL ${process.versions.openssl} cannot negotiate X25519MLKEM768; Node 24 or later`);
    expect(quantum.received).toEqual([]);
    expect(classic.received).toEqual([]);
    const record = await audited(error.headers.get('x-request-id')!);
    expect(record).toMatchObject({ status: 403, errorCode: 'policy_denied' });
    expect(record.transport).toBeUndefined();
  });
});

describe(`a provider limited to classical groups (${runtime.summary})`, () => {
  let certificate: SelfSignedCertificate;
  let classic: Simulator;
  let harness: TestGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    classic = await startSimulator({ tls: { cert: certificate.cert, key: certificate.key, groups: 'X25519:P-256' } });
    harness = await startTestGateway({ providers: [tlsProvider('classic-only', classic, certificate.certFile, 1)], config: { policies, cache: { enabled: false } } });
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(async () => {
    await harness.close();
    await classic.close();
    certificate.remove();
  });

  it('is refused with 403 naming the policy for a request that requires post-quantum transport, and nothing reaches it', async () => {
    classic.reset();
    const failure = await openai.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'CUI\nSummarise the plan.' }] })
      .then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const error = failure as InstanceType<typeof OpenAI.PermissionDeniedError>;
    expect(error.message).toContain('satisfies the policies in force: cui-quantum-safe');
    expect(error.message).toContain(runtime.supported ? 'TLSv1.3 with X25519 (classical)' : 'cannot negotiate X25519MLKEM768');
    expect(classic.received).toEqual([]);
  });

  it('a policy requiring a post-quantum client connection refuses a client on plain HTTP with 403 naming it, and nothing is sent', async () => {
    classic.reset();
    const failure = await openai.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'Summarise the plan.' }] }, { headers: { 'x-sovereign-classification': 'SECRET' } })
      .then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const error = failure as InstanceType<typeof OpenAI.PermissionDeniedError>;
    expect(error.message).toContain('Refused by policy secret-clients-quantum-safe');
    expect(error.message).toContain('plain HTTP');
    expect(classic.received).toEqual([]);
  });

  it('is used for a request the policy does not cover', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'Hello' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(response.headers.get('x-sovereign-provider')).toBe('classic-only');
  });
});
