import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../ledger-repository.ts';
import { openDatabase } from './open-database.ts';
import { createLedgerRollups } from './sqlite-ledger-rollups.ts';
import { createSqliteLedgerRepository } from './sqlite-ledger-repository.ts';
import { createSqliteLedgerViews } from './sqlite-ledger-views.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from './temporary-database.ts';

const minute = 60_000;
const start = Date.UTC(2026, 11, 7);

const entry = fc.record({
  offset: fc.integer({ min: 0, max: 3 * 86_400_000 }),
  tenant: fc.constantFrom('acme', 'globex'),
  keyId: fc.constantFrom('key-1', 'key-2', 'key-3'),
  model: fc.constantFrom('small', 'large'),
  provider: fc.option(fc.constantFrom('eu-cloud', 'onprem'), { nil: undefined }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'error'),
  refusedBy: fc.option(fc.array(fc.constantFrom('eu-only', 'no-us', 'block-secrets'), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  cacheStatus: fc.option(fc.constantFrom('hit', 'miss'), { nil: undefined }),
  inputTokens: fc.nat({ max: 5000 }),
  outputTokens: fc.nat({ max: 5000 }),
  costNanoUsd: fc.nat({ max: 10_000_000 }),
  latencyMs: fc.nat({ max: 60_000 }),
});

type Generated = typeof entry extends fc.Arbitrary<infer Value> ? Value : never;

function toEntry(generated: Generated, index: number): LedgerEntry {
  return {
    time: start + generated.offset,
    requestId: `req-${index}`,
    tenant: generated.tenant,
    keyId: generated.keyId,
    model: generated.model,
    ...(generated.provider ? { provider: generated.provider, jurisdiction: generated.provider === 'onprem' ? 'DE' : 'IE', tier: generated.provider === 'onprem' ? 'local' : 'cloud' } : {}),
    dialect: 'openai',
    stream: false,
    status: generated.outcome === 'ok' ? 200 : 502,
    outcome: generated.outcome,
    ...(generated.refusedBy ? { refusedBy: generated.refusedBy } : {}),
    ...(generated.cacheStatus ? { cacheStatus: generated.cacheStatus } : {}),
    inputTokens: generated.inputTokens,
    cachedInputTokens: 0,
    outputTokens: generated.outputTokens,
    costNanoUsd: generated.costNanoUsd,
    latencyMs: generated.latencyMs,
  };
}

/** What the rollups hold, per table and resolution, next to the same sums taken from the ledger itself. */
function rollupsAgainstLedger(database: TemporaryDatabase['database']) {
  const figures = `sum(requests) AS requests, sum(errors) AS errors, sum(refusals) AS refusals, sum(cache_hits) AS hits,
    sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cost_nano_usd) AS cost, sum(latency_ms) AS latency`;
  const fromLedger = database
    .prepare(
      `SELECT count(*) AS requests, sum(outcome <> 'ok') AS errors, sum(refused_by IS NOT NULL) AS refusals, sum(coalesce(cache_status = 'hit', 0)) AS hits,
        sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cost_nano_usd) AS cost, sum(latency_ms) AS latency FROM ledger`,
    )
    .get();
  const policies = database.prepare('SELECT count(*) AS requests FROM ledger, json_each(ledger.refused_by) WHERE refused_by IS NOT NULL').get();
  const tables = [60_000, 3_600_000, 86_400_000].flatMap((resolution) => [
    { table: `usage ${resolution}`, sums: database.prepare(`SELECT ${figures} FROM usage_rollup WHERE resolution = ?`).get(resolution) },
    { table: `traffic ${resolution}`, sums: database.prepare(`SELECT ${figures} FROM traffic_rollup WHERE resolution = ?`).get(resolution) },
    { table: `refusal ${resolution}`, sums: database.prepare('SELECT coalesce(sum(requests), 0) AS requests FROM refusal_rollup WHERE resolution = ?').get(resolution) },
  ]);
  return { fromLedger, policies, tables };
}

function expectRolledUp(database: TemporaryDatabase['database']): void {
  const { fromLedger, policies, tables } = rollupsAgainstLedger(database);
  for (const { table, sums } of tables) expect({ table, sums }).toEqual({ table, sums: table.startsWith('refusal') ? policies : fromLedger });
}

describe('ledger rollups caught up in batches (migration 10)', () => {
  let temporary: TemporaryDatabase | undefined;
  afterEach(() => temporary?.close());

  it('hold exactly the ledger sums once caught up, for any rows written in any batches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(entry, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), async (batches, catchUpAfter) => {
        const local = openTemporaryDatabase();
        try {
          let clock = 0;
          const repository = createSqliteLedgerRepository(local.database, () => clock);
          let index = 0;
          for (const [position, batch] of batches.entries()) {
            // Some batches fall due for a catch-up in their own transaction, others leave the rows for a later one.
            if (catchUpAfter[position]) clock += 1000;
            await repository.insertBatch(batch.map((generated) => toEntry(generated, index++)));
          }
          createLedgerRollups(local.database).catchUp();
          expectRolledUp(local.database);
          // A second catch-up with nothing new adds nothing.
          createLedgerRollups(local.database).catchUp();
          expectRolledUp(local.database);
        } finally {
          local.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('are written by the ledger at most once per interval, and read caught up by the views', async () => {
    temporary = openTemporaryDatabase();
    let clock = 0;
    const repository = createSqliteLedgerRepository(temporary.database, () => clock);
    const rolledUp = temporary.database.prepare<[], { requests: number | null }>('SELECT sum(requests) AS requests FROM usage_rollup WHERE resolution = 60000');
    const at = (minutes: number, index: number) => toEntry({ offset: minutes * minute, tenant: 'acme', keyId: 'key-1', model: 'small', provider: 'onprem', outcome: 'ok', refusedBy: undefined, cacheStatus: undefined, inputTokens: 10, outputTokens: 5, costNanoUsd: 100, latencyMs: 3 }, index);
    await repository.insertBatch([at(0, 0), at(1, 1)]);
    clock = 999;
    await repository.insertBatch([at(2, 2)]);
    expect(rolledUp.get()!.requests).toBeNull();
    clock = 1000;
    await repository.insertBatch([at(3, 3)]);
    expect(rolledUp.get()!.requests).toBe(4);
    await repository.insertBatch([at(4, 4)]);
    expect(rolledUp.get()!.requests).toBe(4);
    const views = createSqliteLedgerViews(temporary.database);
    const series = await views.series({ from: start, to: start + 10 * minute, bucketMs: minute });
    expect(series.map((point) => point.requests)).toEqual([1, 1, 1, 1, 1]);
    expect(rolledUp.get()!.requests).toBe(5);
  });

  it('count each row once when several connections write and catch up', async () => {
    temporary = openTemporaryDatabase();
    const second = openDatabase(temporary.file);
    try {
      let clock = 0;
      const writers = [createSqliteLedgerRepository(temporary.database, () => clock), createSqliteLedgerRepository(second, () => clock)];
      const samples = fc.sample(entry, { numRuns: 300, seed: 7 });
      for (let index = 0; index < samples.length; index += 10) {
        clock += 500;
        await writers[(index / 10) % 2]!.insertBatch(samples.slice(index, index + 10).map((generated, offset) => toEntry(generated, index + offset)));
        if (index % 30 === 0) createLedgerRollups(index % 60 === 0 ? second : temporary.database).catchUp();
      }
      createLedgerRollups(second).catchUp();
      expectRolledUp(temporary.database);
    } finally {
      second.close();
    }
  });

  it('keep the ledger writing and the rollups catching up past a row whose refusals cannot be rolled up', async () => {
    temporary = openTemporaryDatabase();
    const errors: unknown[] = [];
    let clock = 0;
    const repository = createSqliteLedgerRepository(temporary.database, () => clock, (error) => errors.push(error));
    const row = (index: number, refusedBy?: string[]) => ({ ...toEntry({ offset: index * minute, tenant: 'acme', keyId: 'key-1', model: 'small', provider: undefined, outcome: 'error', refusedBy: undefined, cacheStatus: undefined, inputTokens: 1, outputTokens: 1, costNanoUsd: 0, latencyMs: 1 }, index), ...(refusedBy ? { refusedBy } : {}) });
    // JSON.stringify turns the undefined into null: '[null]' is stored.
    await repository.insertBatch([row(0, [undefined as unknown as string]), row(1, ['eu-only'])]);
    temporary.database.prepare("INSERT INTO ledger (time_ms, request_id, tenant, key_id, model, dialect, stream, status, outcome, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, cost_nano_usd, latency_ms, refused_by) VALUES (?, 'req-x', 'acme', 'key-1', 'small', 'openai', 0, 403, 'error', 0, 0, 0, 0, 0, 1, 'not json')").run(start);
    for (let index = 2; index < 6; index++) {
      clock += 1000;
      await repository.insertBatch([row(index, ['no-us'])]);
    }
    expect(errors).toEqual([]);
    expect(temporary.database.prepare('SELECT count(*) AS rows FROM ledger').get()).toEqual({ rows: 7 });
    expect(temporary.database.prepare('SELECT sum(requests) AS requests FROM usage_rollup WHERE resolution = 60000').get()).toEqual({ requests: 7 });
    // The policies that can be read are counted; the null and the text that is not JSON are left out.
    expect(temporary.database.prepare('SELECT policy, sum(requests) AS requests FROM refusal_rollup WHERE resolution = 86400000 GROUP BY policy ORDER BY policy').all()).toEqual([
      { policy: 'eu-only', requests: 1 },
      { policy: 'no-us', requests: 4 },
    ]);
  });

  it('catch up in passes of bounded size, and take no lock when nothing is behind', async () => {
    temporary = openTemporaryDatabase();
    const repository = createSqliteLedgerRepository(temporary.database, () => 0);
    const samples = fc.sample(entry, { numRuns: 25, seed: 3 });
    await repository.insertBatch(samples.map((generated, index) => toEntry(generated, index)));
    const rollups = createLedgerRollups(temporary.database);
    const mark = temporary.database.prepare<[], { ledger_id: number }>('SELECT ledger_id FROM rollup_progress');
    expect(rollups.catchUp(10)).toBe(false);
    expect(mark.get()!.ledger_id).toBe(10);
    expect(rollups.catchUp(10)).toBe(false);
    expect(rollups.catchUp(10)).toBe(true);
    expect(mark.get()!.ledger_id).toBe(25);
    expectRolledUp(temporary.database);
    // Another connection holds the write lock: a caught-up reader neither waits nor fails, and a reader with rows
    // behind reads the rollups as they are once its busy timeout passes.
    const reader = openDatabase(temporary.file, { busyTimeoutMs: 20 });
    try {
      const views = createSqliteLedgerViews(reader);
      temporary.database.exec('BEGIN IMMEDIATE');
      // Taking the write lock would fail here (SQLITE_BUSY after 20 ms): with nothing behind, no lock is asked for.
      expect(createLedgerRollups(reader).catchUp()).toBe(true);
      const began = performance.now();
      const totals = await views.breakdown({ from: start, to: start + 4 * 86_400_000, by: 'tenant' });
      expect(performance.now() - began).toBeLessThan(1000);
      expect(totals.reduce((sum, row) => sum + row.requests, 0)).toBe(25);
      temporary.database.exec('COMMIT');
      await repository.insertBatch([toEntry(samples[0]!, 99)]);
      temporary.database.exec('BEGIN IMMEDIATE');
      const behind = await views.breakdown({ from: start, to: start + 4 * 86_400_000, by: 'tenant' });
      expect(behind.reduce((sum, row) => sum + row.requests, 0)).toBe(25);
      temporary.database.exec('COMMIT');
      const caughtUp = await views.breakdown({ from: start, to: start + 4 * 86_400_000, by: 'tenant' });
      expect(caughtUp.reduce((sum, row) => sum + row.requests, 0)).toBe(26);
    } finally {
      if (temporary.database.inTransaction) temporary.database.exec('ROLLBACK');
      reader.close();
    }
  });
});
