import OpenAI from 'openai';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/server/config/load-config.ts';
import { postQuantumRuntime } from '../../src/security/tls/post-quantum-runtime.ts';
import { auditedRecord } from '../helpers/audited-record.ts';
import { selfSignedCertificate, type SelfSignedCertificate } from '../helpers/self-signed-certificate.ts';
import { defaultTestProviders, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

/**
 * The gateway's own listener over TLS (`server.tls`), with clients that offer the hybrid group or classical groups
 * only. Run under Node 20 by `npm test` (classical TLS; a policy that requires a post-quantum client connection
 * refuses, `require` refuses to start) and under Node 24 by `npm run test:node24` (the hybrid group is negotiated,
 * recorded and admitted).
 */
const runtime = postQuantumRuntime();

const policies = [
  {
    name: 'secret-clients-quantum-safe',
    description: 'SECRET only from clients connected over post-quantum TLS.',
    when: 'profile.classificationLevel >= 4',
    require: { clientPostQuantumTransport: true },
  },
];

interface AuditedRecord {
  requestId: string;
  status: number;
  errorCode?: string;
  clientTransport?: { protocol: string; group?: string; postQuantum: boolean };
}

describe(`the gateway's listener over TLS (${runtime.summary})`, () => {
  let certificate: SelfSignedCertificate;
  let harness: TestGateway;
  const agents: Agent[] = [];

  /** An OpenAI client trusting the test certificate, offering the given groups (default: the runtime's own). */
  function client(groups?: string): OpenAI {
    const agent = new Agent({ connect: { ca: certificate.cert, ...(groups === undefined ? {} : { ecdhCurve: groups }) } });
    agents.push(agent);
    return new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0, fetchOptions: { dispatcher: agent } as never });
  }

  const ask = (openai: OpenAI, headers: Record<string, string> = {}) =>
    openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Summarise the plan.' }] }, { headers }).withResponse();

  beforeAll(async () => {
    certificate = selfSignedCertificate();
    harness = await startTestGateway({
      providers: defaultTestProviders,
      config: { policies, cache: { enabled: false }, server: { tls: { certFile: certificate.certFile, keyFile: certificate.keyFile } } },
    });
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all(agents.map((agent) => agent.close()));
    certificate.remove();
  });

  it('serves HTTPS and records the client connection in the audit record and the request log', async () => {
    expect(harness.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { data, response } = await ask(client());
    expect(data.choices[0]!.message.content).toBeTruthy();
    const expected = runtime.supported ? { protocol: 'TLSv1.3', group: 'X25519MLKEM768', postQuantum: true } : { protocol: 'TLSv1.3', group: 'X25519', postQuantum: false };
    const requestId = response.headers.get('x-request-id')!;
    expect((await auditedRecord<AuditedRecord>(harness, requestId)).clientTransport).toEqual(expected);
    const line = harness.logs.map((text) => JSON.parse(text) as { requestId?: string; clientTransport?: unknown }).find((entry) => entry.requestId === requestId);
    expect(line?.clientTransport).toEqual(expected);
  });

  it.runIf(runtime.supported)('admits a SECRET request from a client that negotiated X25519MLKEM768', async () => {
    const { response } = await ask(client(), { 'x-sovereign-classification': 'SECRET' });
    expect(response.status).toBe(200);
    const record = await auditedRecord<AuditedRecord>(harness, response.headers.get('x-request-id')!);
    expect(record).toMatchObject({ status: 200, clientTransport: { protocol: 'TLSv1.3', group: 'X25519MLKEM768', postQuantum: true } });
  });

  it('refuses a SECRET request from a classical client with 403 naming the policy and the connection; serves it unclassified', async () => {
    const classical = client('X25519:P-256');
    harness.simulator('sim-openai').reset();
    const failure = await ask(classical, { 'x-sovereign-classification': 'SECRET' }).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const error = failure as InstanceType<typeof OpenAI.PermissionDeniedError>;
    expect(error.message).toContain('Refused by policy secret-clients-quantum-safe');
    expect(error.message).toContain('TLSv1.3 with X25519');
    if (!runtime.supported) expect(error.message).toContain('cannot negotiate X25519MLKEM768; Node 24 or later');
    expect(harness.simulator('sim-openai').received).toEqual([]);
    const record = await auditedRecord<AuditedRecord>(harness, error.headers.get('x-request-id')!);
    expect(record).toMatchObject({ status: 403, errorCode: 'policy_denied', clientTransport: { protocol: 'TLSv1.3', group: 'X25519', postQuantum: false } });
    const { response } = await ask(classical);
    expect(response.status).toBe(200);
  });
});

describe(`server.tls refused at start-up (${runtime.summary})`, () => {
  let certificate: SelfSignedCertificate;
  beforeAll(() => {
    certificate = selfSignedCertificate();
  });
  afterAll(() => certificate.remove());

  async function startFailure(tls: Record<string, unknown>): Promise<Error> {
    return startTestGateway({ config: { server: { tls } } }).then(
      async (harness) => {
        await harness.close();
        throw new Error('the gateway started');
      },
      (error: unknown) => error as Error,
    );
  }

  it('a certificate file that cannot be read: the setting, the path and the reason', async () => {
    const error = await startFailure({ certFile: `${certificate.directory}/missing.pem`, keyFile: certificate.keyFile });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`server.tls.certFile: ${certificate.directory}/missing.pem cannot be read (ENOENT)`);
  });

  it('a key that does not belong to the certificate', async () => {
    const other = selfSignedCertificate();
    const error = await startFailure({ certFile: certificate.certFile, keyFile: other.keyFile });
    other.remove();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('do not make a TLS identity');
    expect(error.message).not.toContain('PRIVATE KEY');
  });

  it.runIf(!runtime.supported)('postQuantum: require on a runtime without post-quantum TLS (fail closed: no classical listener)', async () => {
    const error = await startFailure({ certFile: certificate.certFile, keyFile: certificate.keyFile, postQuantum: 'require' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('server.tls.postQuantum: require accepts only post-quantum key exchange');
    expect(error.message).toContain('Node 24 or later');
  });
});
