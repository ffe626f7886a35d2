/**
 * What redaction costs as the number of distinct found values grows: a request whose messages hold N distinct email
 * addresses (each written twice, once more in a later turn), profiled once, then timed: `redactTexts` (every
 * occurrence found, tokens chosen, the result checked), restoring the redacted texts (an answer that echoes them all)
 * and the error scrubber. With `--before DIR` (a checkout of an older commit, `node_modules` linked) the same work runs
 * with that checkout's redaction code in the same process, interleaved round by round, and the outputs are compared.
 * Prints milliseconds per request for each size, the growth from the smallest size to the largest (linear work grows
 * with N; quadratic with N squared), and before/now ratios. Measures; asserts nothing.
 *
 *   git archive <commit> src | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npm run bench -- redaction [--before /tmp/before] [--sizes 1000,4000,16000] [--rounds 3] [--json]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { profileText } from '../src/core/profile/profile-text.ts';
import type { TextFinding } from '../src/core/profile/data-profile.ts';
import * as now from '../src/core/redaction/index.ts';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    sizes: { type: 'string', default: '1000,4000,16000' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const log = (line: string): void => void process.stderr.write(`${line}\n`);
type Redaction = Pick<typeof now, 'redactTexts' | 'createValueScrubber'>;

/** N distinct addresses over messages of 50 addresses each, every address written again in a later message. */
function requestTexts(count: number): string[] {
  const addresses = Array.from({ length: count }, (_, index) => `user${index}.${(index * 7919) % 104_729}@mail${index % 97}.example.com`);
  const texts: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const slice = addresses.slice(start, start + 50);
    texts.push(`Please write to ${slice.join(', then ')} about the invoice.`);
    texts.push(`Done: ${slice.reverse().join(' and ')} were told.`);
  }
  return texts;
}

/** One request's redaction work with `redaction`; returns the redacted texts (to compare implementations). */
function work(redaction: Redaction, texts: readonly string[], findings: readonly TextFinding[]): string[] {
  const redacted = redaction.redactTexts(texts, findings, 'placeholder');
  for (const text of redacted.texts) redacted.restorer.restoreText(text);
  redaction.createValueScrubber(texts, findings)(`Invalid content: ${texts[0]!.slice(0, 200)}`);
  return redacted.texts;
}

const implementations: Array<{ label: string; redaction: Redaction }> = [];
if (values.before !== undefined) {
  const module = pathToFileURL(resolve(values.before, 'src/core/redaction/index.ts')).href;
  implementations.push({ label: 'before', redaction: (await import(module)) as Redaction });
}
implementations.push({ label: 'now', redaction: now });

const sizes = values.sizes.split(',').map(Number);
const rounds = Number(values.rounds);
const results: Array<{ size: number; ms: Record<string, number>; identical: boolean }> = [];
log(`redaction: sizes ${sizes.join(', ')} distinct addresses, ${rounds} rounds, load average ${loadavg()[0]!.toFixed(1)}`);
for (const size of sizes) {
  const texts = requestTexts(size);
  const findings = profileText(texts).findings;
  const samples = new Map(implementations.map(({ label }) => [label, [] as number[]]));
  const outputs = new Map<string, string>();
  for (let round = 0; round < rounds; round++) {
    for (const { label, redaction } of implementations) {
      const started = process.hrtime.bigint();
      const output = work(redaction, texts, findings);
      samples.get(label)!.push(Number(process.hrtime.bigint() - started) / 1e6);
      outputs.set(label, JSON.stringify(output));
    }
  }
  const ms = Object.fromEntries([...samples].map(([label, list]) => [label, list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!]));
  const identical = new Set(outputs.values()).size === 1;
  results.push({ size, ms, identical });
  const columns = implementations.map(({ label }) => `${label} ${ms[label]!.toFixed(1).padStart(9)} ms`).join('  ');
  const ratio = ms.before === undefined ? '' : `  before/now ${(ms.before / ms.now!).toFixed(1)}x${identical ? ', same output' : ', OUTPUTS DIFFER'}`;
  log(`${String(size).padStart(6)} addresses (${findings.length} findings): ${columns}${ratio}`);
}
const first = results[0]!;
const last = results[results.length - 1]!;
for (const { label } of implementations) {
  log(`${label}: ${last.size}/${first.size} = ${(last.size / first.size).toFixed(0)}x the values took ${(last.ms[label]! / first.ms[label]!).toFixed(1)}x the time`);
}
if (values.json) process.stdout.write(`${JSON.stringify({ load: loadavg()[0], results })}\n`);
