/**
 * Detector benchmark: throughput of `detectFindings` and its findings per kind over the real tau-bench airline
 * trajectories (`../shared/data/tau-bench/gpt-4o-airline.json`: message texts and tool-call arguments), and over
 * adversarial texts (fullwidth, zero-width, escapes, base64 runs, key prefixes). With `--baseline DIR` (a checkout of
 * another revision, e.g. `git archive main src | tar -x -C DIR`, with `node_modules` linked in), the baseline's
 * detectors run in the same process, rounds interleaved, and the figures are printed side by side with the ratio.
 * The tau-bench data holds e-mail addresses of fictional users and nothing else the detectors look for, so every
 * finding of another kind is a false positive.
 *
 *   npm run bench -- detectors [--baseline DIR] [--rounds N] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface FindingLike {
  kind: string;
  start: number;
  end: number;
}
type Detect = (text: string) => FindingLike[];

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
};
const json = argv.includes('--json');
const rounds = Number(option('--rounds') ?? 5);
const baselineFolder = option('--baseline');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const current = (await import('../src/core/profile/detect-findings.ts')).detectFindings as Detect;
const baselineFile = baselineFolder === undefined ? undefined : resolve(baselineFolder, 'src/core/profile/detect-findings.ts');
if (baselineFile !== undefined && !existsSync(baselineFile)) {
  log(`No ${baselineFile}: --baseline takes a folder holding src/core/profile/detect-findings.ts`);
  process.exit(2);
}
const baseline = baselineFile === undefined ? undefined : ((await import(pathToFileURL(baselineFile).href)).detectFindings as Detect);

/** The tau-bench texts (message contents and tool-call arguments), or nothing when ../shared is absent. */
function tauBenchTexts(): string[] {
  const file = new URL('../../shared/data/tau-bench/gpt-4o-airline.json', import.meta.url);
  if (!existsSync(file)) return [];
  const trajectories = JSON.parse(readFileSync(file, 'utf8')) as Array<{
    traj?: Array<{ content?: unknown; tool_calls?: Array<{ function?: { arguments?: unknown } }> }>;
  }>;
  const texts: string[] = [];
  for (const trajectory of trajectories) {
    for (const message of trajectory.traj ?? []) {
      if (typeof message.content === 'string') texts.push(message.content);
      for (const call of message.tool_calls ?? []) if (typeof call.function?.arguments === 'string') texts.push(call.function.arguments);
    }
  }
  return texts;
}

/** Adversarial texts of 64 KiB each: the inputs that cost the detectors most per character. */
function adversarialTexts(): Record<string, string> {
  const size = 65_536;
  const fill = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return {
    fullwidth: fill('ＳＥＣＲＥＴ／／ＮＯＦＯＲＮ ａｂｃ１２３ '),
    'zero-width': fill('S\u200bE\u200bC\u200bR\u200bE\u200bT '),
    'json-escapes': fill('\\u0053\\u0045\\n\\t\\x41 '),
    'base64-runs': fill('U0VDUkVULy9OT0ZPUk4gc2stYW50LWFwaTAz '),
    'key-prefixes': fill('sk-ant- sk-proj- AKIA ghp_ xoxb- eyJ '),
    'percent-runs': fill('%53%45%43%52%45%54%2F%2F '),
    'labels-and-colons': fill('classification: level: marking - : = '),
  };
}

/** Findings per kind over the texts. */
function countKinds(detect: Detect, texts: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const text of texts) for (const finding of detect(text)) counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  return counts;
}

/** Megabytes (of UTF-16 code units, as characters) per second over `texts`, best of `rounds`, interleaving detectors. */
function throughput(detects: Detect[], texts: string[]): number[] {
  const characters = texts.reduce((sum, text) => sum + text.length, 0);
  for (const detect of detects) for (const text of texts.slice(0, 300)) detect(text);
  const best = detects.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    detects.forEach((detect, index) => {
      const started = performance.now();
      for (const text of texts) detect(text);
      best[index] = Math.min(best[index]!, performance.now() - started);
    });
  }
  return best.map((milliseconds) => Math.round((characters / 1e6 / (milliseconds / 1000)) * 10) / 10);
}

const detects: Detect[] = baseline === undefined ? [current] : [baseline, current];
const names = baseline === undefined ? ['current'] : ['baseline', 'current'];
const report: Record<string, unknown> = {};

const tau = tauBenchTexts();
if (tau.length === 0) log('tau-bench data absent (../shared/data/tau-bench): only adversarial texts measured');
else {
  const rates = throughput(detects, tau);
  const kinds = detects.map((detect) => countKinds(detect, tau));
  const characters = tau.reduce((sum, text) => sum + text.length, 0);
  log(`tau-bench airline: ${tau.length} texts, ${(characters / 1e6).toFixed(2)} MB`);
  names.forEach((name, index) => {
    const counts = kinds[index]!;
    const falsePositives = Object.entries(counts).filter(([kind]) => kind !== 'email').reduce((sum, [, count]) => sum + count, 0);
    log(`  ${name.padEnd(8)} ${String(rates[index]).padStart(7)} MB/s   findings ${JSON.stringify(counts)}   not e-mail (false positives): ${falsePositives}`);
  });
  if (rates.length === 2) log(`  current / baseline throughput: ${(rates[1]! / rates[0]!).toFixed(2)}`);
  report.tau_bench = { texts: tau.length, characters, mb_per_s: Object.fromEntries(names.map((name, index) => [name, rates[index]])), findings: Object.fromEntries(names.map((name, index) => [name, kinds[index]])) };
}

const adversarial: Record<string, Record<string, number>> = {};
log('adversarial texts (64 KiB each), MB/s:');
for (const [label, text] of Object.entries(adversarialTexts())) {
  const rates = throughput(detects, [text]);
  adversarial[label] = Object.fromEntries(names.map((name, index) => [name, rates[index]!]));
  log(`  ${label.padEnd(18)} ${names.map((name, index) => `${name} ${String(rates[index]).padStart(7)}`).join('   ')}`);
}
report.adversarial_mb_per_s = adversarial;
if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
