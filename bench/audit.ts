/**
 * Audit log benchmark: durable records per second with strict durability (many concurrent appenders, each
 * awaiting its record's commit, checkpoints signed along the way every 1,000 records), then the ML-DSA-65
 * checkpoint sign and verify times (median of several). `--json` prints one JSON object on stdout
 * (`records_per_s`, `checkpoint_sign_ms`, `checkpoint_verify_ms`); progress goes to stderr. Uses a temp directory.
 *
 *   npx tsx bench/audit.ts [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { openAuditLog, verifyAuditLog, type AuditEntry, type AuditSynchronous } from '../src/security/audit/audit-log.ts';
import { checkpointMessage, checkpointSignatureContext } from '../src/security/audit/checkpoint.ts';
import { keyIdOf } from '../src/security/audit/signing-key.ts';

const json = process.argv.includes('--json');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const concurrency = 256;
const durationMs = 3000;

function entry(index: number): AuditEntry {
  return {
    requestId: `req_${index}`,
    tenant: 'acme',
    keyId: 'key_1',
    principalCountry: 'DE',
    profile: { classification: 'OFFICIAL', personalKinds: index % 2 ? ['email'] : [], secretKinds: [], markings: [] },
    decisionId: `dec_${index}`,
    provider: 'mistral-fr',
    jurisdiction: 'FR',
    model: 'mistral-large',
    outcome: 'ok',
    status: 200,
    tokens: { input: 812, output: 230, cachedInput: 0 },
    costUsd: 0.00231,
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** `appenders` concurrent loops, each appending and awaiting durability, for `durationMs`. */
async function throughput(synchronous: AuditSynchronous, appenders: number, durationMs: number): Promise<{ perSecond: number; p50: number; p99: number; transactions: number; checkpoints: number }> {
  const home = mkdtempSync(join(tmpdir(), 'sovereign-bench-audit-'));
  try {
    const audit = openAuditLog({ home, synchronous });
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const deadline = started + durationMs;
    await Promise.all(
      Array.from({ length: appenders }, async () => {
        while (performance.now() < deadline) {
          const begin = performance.now();
          await audit.append(entry(next++));
          latencies.push(performance.now() - begin);
        }
      }),
    );
    const elapsed = performance.now() - started;
    const stats = audit.stats();
    await audit.close();
    const verified = verifyAuditLog({ dbFile: audit.dbFile, publicKey: audit.publicKey });
    if (!verified.ok) throw new Error(`the benchmark's log does not verify: ${verified.reason}`);
    latencies.sort((a, b) => a - b);
    return {
      perSecond: Math.round((stats.records / elapsed) * 1000),
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      transactions: stats.transactions,
      checkpoints: stats.checkpoints,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function signAndVerify(rounds: number): { signMs: number; verifyMs: number } {
  const { secretKey, publicKey } = ml_dsa65.keygen(new Uint8Array(32).fill(1));
  const signTimes: number[] = [];
  const verifyTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const message = checkpointMessage({
      seq: round + 1,
      treeSize: (round + 1) * 1000,
      root: 'a'.repeat(64),
      head: 'b'.repeat(64),
      time: new Date().toISOString(),
      keyId: keyIdOf(publicKey),
    });
    let begin = performance.now();
    const signature = ml_dsa65.sign(message, secretKey, { context: checkpointSignatureContext });
    signTimes.push(performance.now() - begin);
    begin = performance.now();
    if (!ml_dsa65.verify(signature, message, publicKey, { context: checkpointSignatureContext })) throw new Error('signature did not verify');
    verifyTimes.push(performance.now() - begin);
  }
  return { signMs: median(signTimes), verifyMs: median(verifyTimes) };
}

log(`audit bench: ${concurrency} concurrent appenders, ${durationMs} ms, checkpoint every 1000 records`);
const results: Record<string, Awaited<ReturnType<typeof throughput>>> = {};
for (const synchronous of ['normal', 'full'] as const) {
  for (const appenders of [concurrency, 1]) {
    const result = await throughput(synchronous, appenders, appenders === 1 ? 1000 : durationMs);
    results[`${synchronous}/${appenders}`] = result;
    log(
      `  synchronous=${synchronous.toUpperCase().padEnd(6)} ${String(appenders).padStart(3)} appender(s): ${result.perSecond} records/s durable; ` +
        `append p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms; ${result.transactions} commits, ${result.checkpoints} checkpoints`,
    );
  }
}
const normal = results[`normal/${concurrency}`]!;
signAndVerify(3);
const { signMs, verifyMs } = signAndVerify(21);
log(`  ML-DSA-65 checkpoint: sign ${signMs.toFixed(2)} ms, verify ${verifyMs.toFixed(2)} ms (median of 21)`);

if (json) {
  process.stdout.write(`${JSON.stringify({ records_per_s: normal.perSecond, checkpoint_sign_ms: round2(signMs), checkpoint_verify_ms: round2(verifyMs) })}\n`);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
