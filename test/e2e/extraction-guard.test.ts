import OpenAI from 'openai';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldOutQuestions, loadMath } from '../../bench/lib/extraction/benign-sources.ts';
import { reasoningRubricPrompt } from '../../bench/lib/extraction/campaign-text.ts';
import { createDraws } from '../../bench/lib/extraction/random-draws.ts';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

describe('extraction guard through a running gateway', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await startTestGateway({
      config: {
        extraction: {
          enabled: true,
          minQueries: 16,
          evaluateEvery: 4,
          policy: [
            { action: 'throttle', minScore: 0.5, requestsPerMinute: 30 },
            { action: 'block', minScore: 0.99, afterRefusals: 20 },
          ],
        },
      },
    });
  });
  afterAll(() => harness.close());

  it('throttles and then blocks a reasoning-extraction campaign, with audit records that verify', async () => {
    const client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    const draws = createDraws(18);
    const math = loadMath();
    const statuses: number[] = [];
    for (let index = 0; index < 400 && statuses.at(-1) !== 403; index++) {
      try {
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: reasoningRubricPrompt(draws, math) }] });
        statuses.push(200);
      } catch (error) {
        statuses.push((error as { status?: number }).status ?? 0);
      }
    }
    // A person on another key asking real questions meanwhile is never refused.
    const created = await fetch(`${harness.url}/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'person', tenant: 'people' }) });
    const person = (await created.json()) as { id: string; secret: string };
    const personClient = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: person.secret, maxRetries: 0 });
    for (const question of heldOutQuestions().slice(0, 40)) {
      const answer = await personClient.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
      expect(answer.choices.length).toBe(1);
    }
    const firstThrottled = statuses.indexOf(429);
    const firstBlocked = statuses.indexOf(403);
    expect(firstThrottled).toBeGreaterThan(0);
    expect(firstBlocked).toBeGreaterThan(firstThrottled);

    // The admin view lists the blocked key with its reasons; clearing it lets the key through again.
    const admin = (path: string, init: RequestInit = {}) => fetch(`${harness.url}/admin${path}`, { ...init, headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' } });
    const listed = (await (await admin('/extraction')).json()) as { data: Array<{ id: string; action: string; evidence: { reasons: string[] } }> };
    const blocked = listed.data.find((found) => found.action === 'block');
    expect(blocked?.id).toMatch(/^(key|tenant):/);
    expect((await admin(`/extraction/${encodeURIComponent(blocked!.id)}`)).status).toBe(200);
    expect((await admin('/extraction/key:nobody')).status).toBe(404);
    expect((await admin(`/extraction/${encodeURIComponent(blocked!.id)}/clear`, { method: 'POST', body: JSON.stringify({ exempt_hours: -1 }) })).status).toBe(400);
    for (const found of listed.data) expect((await admin(`/extraction/${encodeURIComponent(found.id)}/clear`, { method: 'POST', body: JSON.stringify({ exempt_hours: 1 }) })).status).toBe(200);
    const again = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
    expect(again.choices.length).toBe(1);

    const auditLog = harness.gateway.services.auditLog;
    await auditLog.checkpoint();
    const database = new Database(join(harness.home, 'audit.db'), { readonly: true });
    const records = database.prepare('SELECT record FROM audit_records ORDER BY seq').all() as Array<{ record: string }>;
    database.close();
    const changes = records.map((row) => JSON.parse(row.record) as { extraction?: { caseId: string; to: string; evidence: string; reasons: string[] } }).flatMap((record) => (record.extraction ? [record.extraction] : []));
    expect(changes.map((change) => change.to)).toContain('throttle');
    expect(changes.map((change) => change.to)).toContain('block');
    expect(changes.some((change) => change.to === 'none' && change.caseId === blocked!.id)).toBe(true);
    expect(changes.some((change) => change.caseId === `key:${person.id}`)).toBe(false);
    expect(changes.every((change) => change.caseId.startsWith('key:') || change.caseId.startsWith('tenant:') || change.caseId.startsWith('network:'))).toBe(true);
    expect(changes.find((change) => change.to === 'block')!.reasons[0]).toMatch(/refused by the throttle/);
    expect(records.some((row) => row.record.includes('Student solution'))).toBe(false);

    const verified = spawnSync(process.execPath, ['bin/sovereign.js', 'audit', 'verify', '--home', harness.home], { encoding: 'utf8' });
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  }, 120_000);
});
