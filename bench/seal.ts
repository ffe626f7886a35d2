/**
 * Sealing benchmark: what post-quantum envelopes at rest cost per cached answer, against the same memory cache store
 * in clear, in the same run. For each answer size: the median time (µs) of a `set` and of a `get` through the
 * sealed store (`sealCacheStore`: a fresh data key, ML-KEM-768 encapsulation + X25519 per `set`; decapsulation +
 * X25519 per `get`) and through the plain store, alternately in rounds so load on the machine falls on both alike,
 * and the ratio. Also the time to re-wrap one envelope (rotation) and the sealed size overhead. `--json` prints one
 * JSON object on stdout; `--entries N` per round (default 200).
 *
 *   npm run bench -- seal [--json] [--entries N]
 */
import { performance } from 'node:perf_hooks';
import { createMemoryCacheStore } from '../src/cache/memory-cache-store.ts';
import { sealCacheStore } from '../src/cache/seal-cache-store.ts';
import { rewrapEnvelope, sealEnvelope } from '../src/security/envelope/envelope.ts';
import { newStorageKeyringFile, parseStorageKeyring, rotateStorageKeyringFile } from '../src/security/envelope/storage-keyring.ts';
import { parseCountOptions } from './lib/count-options.ts';
import { formatTable } from './lib/format-table.ts';

const { json, entries } = parseCountOptions({ entries: { default: 200, min: 10 } });
const rounds = 5;
const keyringFile = newStorageKeyringFile();
const keyring = parseStorageKeyring(keyringFile, 'bench');
const rotated = parseStorageKeyring(rotateStorageKeyringFile(keyringFile), 'bench rotated');

/** A cached answer of about `bytes` bytes, as the cache stage serialises it. */
function answerOf(bytes: number, index: number): string {
  const text = `Answer ${index}: ${'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(bytes / 45))}`.slice(0, bytes);
  return JSON.stringify({ providerId: 'sim-openai', model: 'gpt-4o-mini', createdAt: 0, kind: 'result', result: { content: [{ type: 'text', text }] } });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeStore(store: ReturnType<typeof createMemoryCacheStore>, values: string[], round: number): Promise<{ set: number[]; get: number[] }> {
  const set: number[] = [];
  const get: number[] = [];
  for (const [index, value] of values.entries()) {
    const key = `r${round}-k${index}`;
    let started = performance.now();
    await store.set('bench', key, value, 60_000);
    set.push((performance.now() - started) * 1000);
    started = performance.now();
    const read = await store.get('bench', key);
    get.push((performance.now() - started) * 1000);
    if (read !== value) throw new Error('the store returned something else');
  }
  return { set, get };
}

const sizes = [1_000, 10_000, 100_000];
const results: Array<{ bytes: number; plainSetUs: number; plainGetUs: number; sealedSetUs: number; sealedGetUs: number; setRatio: number; getRatio: number; sizeOverhead: number }> = [];
for (const bytes of sizes) {
  const values = Array.from({ length: entries }, (_, index) => answerOf(bytes, index));
  const plain = createMemoryCacheStore({ maxEntriesPerNamespace: entries * rounds * 2, maxBytesPerNamespace: 1 << 30 });
  const underneath = createMemoryCacheStore({ maxEntriesPerNamespace: entries * rounds * 2, maxBytesPerNamespace: 1 << 30 });
  const sealed = sealCacheStore(underneath, keyring) as ReturnType<typeof createMemoryCacheStore>;
  const times = { plainSet: [] as number[], plainGet: [] as number[], sealedSet: [] as number[], sealedGet: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const clear = await timeStore(plain, values, round);
    const secret = await timeStore(sealed, values, round);
    times.plainSet.push(...clear.set);
    times.plainGet.push(...clear.get);
    times.sealedSet.push(...secret.set);
    times.sealedGet.push(...secret.get);
    process.stderr.write(`  ${bytes} B, round ${round + 1}/${rounds}\n`);
  }
  const row = {
    bytes,
    plainSetUs: median(times.plainSet),
    plainGetUs: median(times.plainGet),
    sealedSetUs: median(times.sealedSet),
    sealedGetUs: median(times.sealedGet),
    setRatio: 0,
    getRatio: 0,
    sizeOverhead: underneath.usage('bench').bytes / plain.usage('bench').bytes,
  };
  row.setRatio = row.sealedSetUs / row.plainSetUs;
  row.getRatio = row.sealedGetUs / row.plainGetUs;
  results.push(row);
}

const rewrapTimes: number[] = [];
const envelopes = Array.from({ length: entries }, (_, index) => sealEnvelope(answerOf(10_000, index), keyring));
for (const envelope of envelopes) {
  const started = performance.now();
  rewrapEnvelope(envelope, rotated);
  rewrapTimes.push((performance.now() - started) * 1000);
}
const rewrapUs = median(rewrapTimes);

if (json) {
  process.stdout.write(`${JSON.stringify({ runtime: process.version, entries, rounds, sizes: results, rewrapUs10kB: rewrapUs })}\n`);
} else {
  const fixed = (value: number) => value.toFixed(1);
  process.stdout.write(
    `${formatTable(
      ['answer bytes', 'plain set µs', 'sealed set µs', 'set ratio', 'plain get µs', 'sealed get µs', 'get ratio', 'stored size ratio'],
      results.map((row) => [row.bytes, fixed(row.plainSetUs), fixed(row.sealedSetUs), `${row.setRatio.toFixed(0)}x`, fixed(row.plainGetUs), fixed(row.sealedGetUs), `${row.getRatio.toFixed(0)}x`, `${row.sizeOverhead.toFixed(2)}x`]),
    )}\n\nre-wrap of one 10 kB envelope (rotation, content untouched): ${rewrapUs.toFixed(1)} µs median; ${process.version}, ${entries} entries x ${rounds} rounds per size\n`,
  );
}
