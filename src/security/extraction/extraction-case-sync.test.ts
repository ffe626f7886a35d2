import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../../core/errors/gateway-error.ts';
import { createMemoryExtractionCaseRepository, type ExtractionCaseRepository } from '../../store/extraction-case-repository.ts';
import type { AuditEntry } from '../audit/audit-entry.ts';
import { fingerprintChat } from './extraction-event.ts';
import { createExtractionGuard } from './extraction-guard.ts';
import { extractionSettingsSchema } from './extraction-settings.ts';
import { createKeyedHasher } from './keyed-hash.ts';

const hasher = createKeyedHasher(randomBytes(32));
const settings = extractionSettingsSchema.parse({
  enabled: true,
  minQueries: 16,
  evaluateEvery: 4,
  policy: [
    { action: 'flag', minScore: 0.1 },
    { action: 'block', minScore: 0.2 },
  ],
});
const subjects = ['a train', 'two pipes', 'a bakery', 'a farmer', 'a cyclist', 'a tank', 'a shop', 'a school', 'a river', 'a clock'];

/** A guard on `repository` (one gateway instance) with the audit entries it recorded. */
function openGuard(repository: ExtractionCaseRepository, instance: string, clock: { now: number }) {
  const audited: AuditEntry[] = [];
  const guard = createExtractionGuard({ settings, hasher, now: () => clock.now, record: async (entry) => void audited.push(entry), cases: { repository, instance } });
  return { guard, audited };
}

/** A templated reasoning-and-grading campaign on one key: enough requests to be blocked by the test policy. */
async function runCampaign(guard: ReturnType<typeof createExtractionGuard>, clock: { now: number }): Promise<void> {
  for (let index = 0; index < 120; index++) {
    clock.now += 30_000;
    const text = `Solve step by step, showing every intermediate reasoning step: ${subjects[index % subjects.length]} covers ${index * 7 + 3} km in ${(index % 9) + 2} hours. What is the average speed? Then grade the answer against this rubric: correctness 0-5, reasoning 0-5.`;
    const time = clock.now;
    guard.observe(() => ({ time, tenant: 'reseller', keyId: 'campaign', model: 'frontier-1', status: 200, refused: false, inputTokens: 120, outputTokens: 900, ...fingerprintChat({ model: 'frontier-1', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text }] }] }, hasher) }));
  }
  await guard.idle();
}

const refusal = (guard: ReturnType<typeof createExtractionGuard>): string | undefined => {
  try {
    guard.admit('reseller', 'campaign');
    return undefined;
  } catch (error) {
    return (error as GatewayError).code;
  }
};

describe('extraction cases across restarts', () => {
  it('keeps a blocked key blocked after a restart, with its evidence, until a clear filed from outside is applied and audited', async () => {
    const repository = createMemoryExtractionCaseRepository();
    const clock = { now: 1_800_000_000_000 };
    const first = openGuard(repository, 'one', clock);
    await first.guard.open();
    await runCampaign(first.guard, clock);
    expect(refusal(first.guard)).toBe('permission_denied');
    await first.guard.close();
    const stored = await repository.get('key:campaign');
    expect(stored?.case.action).toBe('block');
    expect(stored?.case.evidence.reasons.length).toBeGreaterThan(0);

    // A new process on the same database: the key is refused before it sends anything.
    const second = openGuard(repository, 'two', clock);
    await second.guard.open();
    expect(refusal(second.guard)).toBe('permission_denied');
    expect(second.guard.detector.case('key:campaign')?.evidence.reasons).toEqual(stored!.case.evidence.reasons);

    // `sovereign extraction clear` files a request (for the key and its one-key tenant, both blocked); the running
    // gateway applies it at its next read.
    const open = (await repository.list()).filter((found) => found.case.action !== 'none').map((found) => found.case.id);
    expect(open.sort()).toEqual(['key:campaign', 'tenant:reseller']);
    for (const id of open) expect(await repository.requestClear(id, { by: 'cli:ops', exemptHours: 2, at: clock.now })).toBe(true);
    await second.guard.sync();
    await second.guard.close();
    expect(refusal(second.guard)).toBeUndefined();
    const cleared = await repository.get('key:campaign');
    expect(cleared?.case.action).toBe('none');
    expect(cleared?.changedBy).toBe('cli:ops');
    expect(cleared?.clearRequest).toBeUndefined();
    expect(cleared?.exemptUntil).toBe(clock.now + 2 * 3_600_000);
    expect(second.audited.map((entry) => [entry.extraction?.caseId, entry.extraction?.from, entry.extraction?.to, entry.extraction?.by]).sort()).toEqual([
      ['key:campaign', 'block', 'none', 'cli:ops'],
      ['tenant:reseller', 'block', 'none', 'cli:ops'],
    ]);

    // The exemption also survives a restart: the same campaign again takes no action while it lasts.
    const third = openGuard(repository, 'three', clock);
    await third.guard.open();
    await runCampaign(third.guard, clock);
    expect(refusal(third.guard)).toBeUndefined();
    expect(third.audited).toEqual([]);
    await third.guard.close();
  });

  it('applies a case another instance opened, and a clear made there', async () => {
    const repository = createMemoryExtractionCaseRepository();
    const clock = { now: 1_800_000_000_000 };
    const left = openGuard(repository, 'left', clock);
    const right = openGuard(repository, 'right', clock);
    await left.guard.open();
    await right.guard.open();
    await runCampaign(left.guard, clock);
    await left.guard.close();
    expect(refusal(right.guard)).toBeUndefined();
    await right.guard.sync();
    expect(refusal(right.guard)).toBe('permission_denied');
    // Adopting another instance's case is not a change of this one's: nothing audited twice.
    expect(right.audited).toEqual([]);

    clock.now += 60_000;
    left.guard.detector.clear('key:campaign', 'key_admin', 0, clock.now);
    left.guard.detector.clear('tenant:reseller', 'key_admin', 0, clock.now);
    await left.guard.close();
    await right.guard.sync();
    expect(refusal(right.guard)).toBeUndefined();
    await right.guard.close();
  });
});
