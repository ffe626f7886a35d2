import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { verifyPostgresAuditLog } from '../../src/security/audit/verify-postgres-audit-log.ts';
import { openPostgresTestDatabase } from '../helpers/postgres-database.ts';
import { postgresAvailability, usePostgresServer } from '../helpers/real-engines.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const chat = (gateway: TestGateway, key: string, content: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
  });

/** An authenticated call that does nothing but authenticate: its status says whether the key is accepted. */
const models = async (gateway: TestGateway, key: string) => (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status;

const admin = async (gateway: TestGateway, path: string, body?: unknown) => {
  const response = await fetch(`${gateway.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${gateway.apiKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

/** Polls until `check` holds (or fails after `timeoutMs`); returns how long it took. */
async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

describe.skipIf(postgresAvailability().skip)('gateways sharing one Postgres', () => {
  const server = usePostgresServer();

  it('share keys, usage, decisions and one verifiable audit log, and lose nothing while Postgres is down', async () => {
    const database = await openPostgresTestDatabase(server(), { migrate: false });
    const config = { store: { postgres: { url: database.url } }, audit: { checkpointIntervalMs: 500 } };
    const first = await startTestGateway({ config, logLevel: 'silent' });
    const second = await startTestGateway({ config, logLevel: 'silent' });
    try {
      const health = await (await fetch(`${first.url}/healthz`)).json();
      expect(health).toMatchObject({ status: 'ok', components: { postgres: { status: 'ok' }, audit: { status: 'ok' }, ledger: { status: 'ok' } } });

      // A key made on one instance works on the other within a second (NOTIFY, with revision polling behind it).
      const created = await admin(first, '/admin/keys', { tenant: 'team-a', name: 'shared' });
      expect(created.status).toBe(201);
      const secret = created.json.secret as string;
      await within(1_000, async () => (await models(second, secret)) === 200);
      expect((await chat(second, secret, 'hello')).status).toBe(200);

      let answered = 1;
      for (let index = 0; index < 6; index += 1) {
        const response = await chat(index % 2 === 0 ? first : second, secret, `question ${index}`);
        expect(response.status).toBe(200);
        answered += 1;
      }
      // A decision made by one instance is explained by the other once its request is over.
      const decided = await chat(first, secret, 'explain me');
      answered += 1;
      const decisionId = decided.headers.get('x-sovereign-decision')!;
      await within(2_000, async () => {
        const response = await fetch(`${second.url}/v1/decisions/${decisionId}`, { headers: { authorization: `Bearer ${secret}` } });
        return response.status === 200 && ((await response.json()) as { id: string }).id === decisionId;
      });

      // Postgres stops: answers go on (keys are cached, the ledger and audit spool locally) and health says so.
      await server().stop();
      for (let index = 0; index < 5; index += 1) {
        expect((await chat(index % 2 === 0 ? first : second, secret, `while down ${index}`)).status).toBe(200);
        answered += 1;
      }
      const degraded = (await (await fetch(`${second.url}/readyz`)).json()) as { status: string; degraded?: boolean; components: Record<string, { status: string; spooled?: number }> };
      expect(degraded.status).toBe('ready');
      await within(3_000, async () => {
        const body = (await (await fetch(`${second.url}/healthz`)).json()) as typeof degraded;
        return body.degraded === true && body.components.audit?.status === 'degraded';
      });

      await server().start();
      await within(15_000, async () => {
        const [a, b] = await Promise.all([first, second].map(async (gateway) => (await (await fetch(`${gateway.url}/healthz`)).json()) as typeof degraded));
        return a?.degraded === undefined && b?.degraded === undefined && a?.components.audit?.spooled === 0 && b?.components.audit?.spooled === 0 && b.components.ledger?.spooled === 0;
      });

      // Revoked on one, refused by the other within a second.
      const revoked = await admin(second, `/admin/keys/${created.json.id as string}/revoke`, {});
      expect(revoked.status).toBe(200);
      await within(1_000, async () => (await models(first, secret)) === 401);
      expect((await chat(first, secret, 'after revoke')).status).toBe(401);

      const usage = await admin(first, '/admin/usage?tenant=team-a');
      expect(usage.json.data).toEqual([expect.objectContaining({ requests: answered })]);
    } finally {
      if (!server().running) await server().start();
      await first.close();
      await second.close();
    }

    // Every request of the tenant is in the one chain exactly once, and the chain verifies.
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      const keys = [first.gateway.services.auditLog.publicKey, second.gateway.services.auditLog.publicKey];
      const verification = await verifyPostgresAuditLog({ pool, publicKeys: keys });
      expect(verification).toEqual(expect.objectContaining({ ok: true, unsignedTail: 0 }));
      const requests = await pool.query<{ request_id: string }>(`SELECT request_id FROM audit_records WHERE record LIKE '%"tenant":"team-a"%'`);
      expect(new Set(requests.rows.map((row) => row.request_id)).size).toBe(requests.rows.length);
      expect(requests.rows.length).toBeGreaterThanOrEqual(13);
    } finally {
      await pool.end();
      await database.close();
    }
  }, 90_000);
});
