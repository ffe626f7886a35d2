/**
 * What profiling the whole request costs: the tau-bench airline replay (gpt-4o, 200 trajectories, every turn with
 * its tools), per request, timed three ways in one run so the ratios compare like with like:
 *   - baseline: the message texts of the canonical request (what was profiled before), detectors over them;
 *   - whole body: every key and string of the client's body, JSON inside strings included (`bodyTexts`), detectors
 *     over them text by text;
 *   - whole body with junctions: the same and the scan across adjacent prose (what the profile stage does now);
 *   - parse: `JSON.parse` of the body text against `parseJsonBody` (depth, duplicate keys, numbers, surrogates).
 * Prints microseconds per request (median of 9 interleaved rounds) and the ratios. Measures; asserts nothing.
 * With `--before DIR` (a checkout of an older commit: `git archive <commit> src | tar -x -C DIR` and `node_modules`
 * linked) the profile stage's work (whole body with junctions) also runs with that checkout's code, interleaved in
 * the same rounds, and the before/now ratio is printed: the one comparison a busy machine does not distort.
 *
 *   npx tsx bench/request-texts.ts [--json] [--trajectories N] [--before DIR]
 */
import { profileText } from '../src/core/profile/profile-text.ts';
import { bodyTexts, requestTexts } from '../src/core/profile/request-texts.ts';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseJsonBody } from '../src/server/http/parse-json-body.ts';
import { inferToolSchemas } from './lib/infer-tool-schemas.ts';
import { replayTurns } from './lib/replay-turns.ts';
import { loadTauTrajectories } from './lib/tau-bench.ts';

const json = process.argv.includes('--json');
const limitIndex = process.argv.indexOf('--trajectories');
const beforeIndex = process.argv.indexOf('--before');
/** The profile stage's functions from an older checkout, to time against these in the same rounds. */
const before =
  beforeIndex < 0
    ? undefined
    : {
        profileText: ((await import(pathToFileURL(resolve(process.argv[beforeIndex + 1]!, 'src/core/profile/profile-text.ts')).href)) as { profileText: typeof profileText }).profileText,
        bodyTexts: ((await import(pathToFileURL(resolve(process.argv[beforeIndex + 1]!, 'src/core/profile/request-texts.ts')).href)) as { bodyTexts: typeof bodyTexts }).bodyTexts,
      };
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const all = loadTauTrajectories();
const trajectories = all.slice(0, limitIndex < 0 ? all.length : Number(process.argv[limitIndex + 1]));
const turns = replayTurns(trajectories, inferToolSchemas(trajectories), 'gpt-4o');
const bodies = turns.map((turn) => JSON.parse(JSON.stringify(turn.body)) as Record<string, unknown>);
const texts = bodies.map((body) => JSON.stringify(body));
const walk = { maxJsonDepth: 64 };
log(`request-texts: ${turns.length} requests, ${(texts.reduce((sum, text) => sum + text.length, 0) / turns.length / 1024).toFixed(1)} KiB each on average`);

/** Time per request (us) of `work` over every request, once. */
function once(work: (index: number) => unknown): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let index = 0; index < turns.length; index++) sink += work(index) === undefined ? 0 : 1;
  const perRequest = Number(process.hrtime.bigint() - started) / 1000 / turns.length;
  return sink < 0 ? -1 : perRequest;
}

/**
 * Medians over `rounds` of each variant, the variants interleaved within each round so a busy machine slows them
 * alike (the first round warms up and is dropped).
 */
function compare(variants: Array<(index: number) => unknown>, rounds = 9): number[] {
  const samples = variants.map(() => [] as number[]);
  for (let round = 0; round <= rounds; round++) {
    variants.forEach((work, index) => {
      const perRequest = once(work);
      if (round > 0) samples[index]!.push(perRequest);
    });
  }
  return samples.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!);
}

const [baseline, whole, junctions, plainParse, checkedParse, junctionsBefore] = compare([
  (index) => profileText(requestTexts(turns[index]!.request)),
  (index) => {
    const texts = bodyTexts(bodies[index]!, walk);
    return profileText(texts, {}, {}, texts.map(() => false));
  },
  (index) => {
    const running: boolean[] = [];
    return profileText(bodyTexts(bodies[index]!, walk, running), {}, {}, running);
  },
  (index) => JSON.parse(texts[index]!) as unknown,
  (index) => parseJsonBody(texts[index]!, 64),
  ...(before === undefined
    ? []
    : [
        (index: number) => {
          const running: boolean[] = [];
          return before.profileText(before.bodyTexts(bodies[index]!, walk, running), {}, {}, running);
        },
      ]),
]) as [number, number, number, number, number, number | undefined];
const textCounts = { baseline: 0, whole: 0 };
for (let index = 0; index < turns.length; index++) {
  textCounts.baseline += requestTexts(turns[index]!.request).length;
  textCounts.whole += bodyTexts(bodies[index]!, walk).length;
}

const rows = [
  ['profile: message texts (baseline)', baseline, textCounts.baseline / turns.length],
  ['profile: whole body (bodyTexts)', whole, textCounts.whole / turns.length],
  ['profile: whole body with junctions', junctions, textCounts.whole / turns.length],
  ['parse: JSON.parse (baseline)', plainParse, 0],
  ['parse: parseJsonBody', checkedParse, 0],
  ...(junctionsBefore === undefined ? [] : [['profile stage, --before checkout', junctionsBefore, textCounts.whole / turns.length] as const]),
] as const;
if (json) {
  process.stdout.write(
    `${JSON.stringify({ requests: turns.length, profileUs: { baseline, whole, junctions, ratio: whole / baseline, junctionRatio: junctions / whole }, parseUs: { baseline: plainParse, checked: checkedParse, ratio: checkedParse / plainParse }, textsPerRequest: { baseline: textCounts.baseline / turns.length, whole: textCounts.whole / turns.length }, ...(junctionsBefore === undefined ? {} : { beforeUs: junctionsBefore, beforeRatio: junctionsBefore / junctions }) })}\n`,
  );
} else {
  for (const [name, us, count] of rows) log(`${name.padEnd(36)} ${us.toFixed(1).padStart(8)} us/request${count ? `  (${count.toFixed(0)} texts)` : ''}`);
  log(`whole body / baseline: ${(whole / baseline).toFixed(2)}x; with junctions / without: ${(junctions / whole).toFixed(2)}x; parseJsonBody / JSON.parse: ${(checkedParse / plainParse).toFixed(2)}x`);
  if (junctionsBefore !== undefined) log(`profile stage before / now: ${(junctionsBefore / junctions).toFixed(2)}x (load average ${loadavg()[0]!.toFixed(1)})`);
}
