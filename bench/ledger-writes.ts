/**
 * `npm run bench -- ledger-writes [--rows N] [--rounds N] [--json]`: what writing one usage ledger row costs the
 * embedded SQLite store, in CPU microseconds per row (process.cpuUsage), for batches of 1 (a request alone in its
 * event-loop turn: one transaction each) and of 8 (a busy gateway's group commit), each on a fresh database file
 * with the gateway's settings (WAL, synchronous NORMAL) and every migration applied. Rounds are interleaved; the
 * table shows the median and the range. It measures the repository's `insertBatch`, rollups included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerEntry } from '../src/store/ledger-repository.ts';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite-stores.ts';
import { parseCountOptions } from './lib/count-options.ts';

const { rows, rounds, json } = parseCountOptions({ rows: { default: 20_000, min: 1 }, rounds: { default: 3, min: 1 } });
const folder = mkdtempSync(join(tmpdir(), 'sovereign-ledger-writes-'));

/** A request's row as the gateway writes it: a few tenants, keys and models, now and then a refusal. */
function entry(index: number): LedgerEntry {
  const refused = index % 50 === 0;
  return {
    time: Date.now(),
    requestId: `req_${index}`,
    tenant: `tenant-${index % 3}`,
    keyId: `key-${index % 7}`,
    model: index % 2 === 0 ? 'gpt-4o-mini' : 'claude-haiku',
    ...(refused ? { refusedBy: ['eu-personal-data'] } : { provider: 'eu-cloud', jurisdiction: 'IE', tier: 'cloud' }),
    dialect: 'openai',
    stream: index % 4 === 0,
    status: refused ? 403 : 200,
    outcome: refused ? 'error' : 'ok',
    inputTokens: 200 + (index % 300),
    cachedInputTokens: 0,
    outputTokens: 50 + (index % 100),
    costNanoUsd: refused ? 0 : 1_200 + (index % 1000),
    latencyMs: 2 + (index % 40),
    decisionId: `dec_${index}`,
  };
}

async function microsecondsPerRow(batch: number, round: number): Promise<number> {
  const stores = openSqliteStores(join(folder, `batch-${batch}-round-${round}.db`));
  try {
    const started = process.cpuUsage();
    for (let index = 0; index < rows; ) {
      const items: LedgerEntry[] = [];
      for (let offset = 0; offset < batch && index < rows; offset++) items.push(entry(index++));
      await stores.ledger.insertBatch(items);
    }
    const used = process.cpuUsage(started);
    return (used.user + used.system) / rows;
  } finally {
    stores.close();
  }
}

const batches = [1, 8];
const results = new Map<number, number[]>(batches.map((batch) => [batch, []]));
try {
  for (let round = 1; round <= rounds; round++) {
    for (const batch of batches) {
      const value = await microsecondsPerRow(batch, round);
      results.get(batch)!.push(value);
      process.stderr.write(`round ${round}, batches of ${batch}: ${value.toFixed(1)} us CPU per row\n`);
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
const median = (list: number[]) => [...list].sort((left, right) => left - right)[Math.floor(list.length / 2)]!;
if (json) {
  process.stdout.write(`${JSON.stringify({ rows, rounds, microsecondsPerRow: Object.fromEntries([...results].map(([batch, list]) => [`batch${batch}`, { median: median(list), rounds: list }])) })}\n`);
} else {
  process.stdout.write(`Usage ledger writes on SQLite (${rows} rows per round, ${rounds} interleaved rounds; CPU microseconds per row, median [every round])\n`);
  for (const [batch, list] of results) process.stdout.write(`  batches of ${String(batch).padEnd(2)} ${median(list).toFixed(1).padStart(7)} us [${list.map((value) => value.toFixed(1)).join(', ')}]\n`);
}
