/**
 * Semantic cache evaluation: precision and recall of the "same question" decision (cosine similarity >= a
 * threshold) over a range of thresholds, per embedder, on human-labelled Quora question pairs. A false positive
 * means a user would receive the answer to another question, so precision comes first.
 *
 * The pairs are split deterministically (by a hash of the pair) into a tune half, on which each embedder's
 * threshold is chosen (the lowest threshold at and above which tune precision stays >= 0.95), and a test half on
 * which that threshold is checked. The top-level `--json` figures are for the default embedder at the default
 * threshold (`src/cache/semantic-defaults.ts`) over all pairs.
 *
 *   npx tsx bench/semantic-cache.ts [--json] [--data FILE] [--embedder NAME] [--state DIR]
 *
 * `--data` defaults to ../shared/data/qqp/dev.jsonl (relative to the repository root); `--state` is where the
 * word-vector embedders keep their binary vectors (default $SOVEREIGN_HOME/cache or ./.sovereign/cache). The
 * `gateway` embedder reads SOVEREIGN_GATEWAY_URL, SOVEREIGN_API_KEY, SOVEREIGN_EMBEDDING_MODEL and
 * SOVEREIGN_EMBEDDING_DIMENSIONS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEmbedder, embedderNames, type EmbedderName } from '../src/cache/embedders/create-embedder.ts';
import { dotProduct, type Embedder } from '../src/cache/embedders/embedder.ts';
import { hashString } from '../src/cache/embedders/hash-string.ts';
import { meetsThreshold } from '../src/cache/semantic/meets-threshold.ts';
import { defaultSemanticEmbedder, defaultSemanticThreshold, semanticTargetPrecision } from '../src/cache/semantic-defaults.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    data: { type: 'string', default: join(root, '../shared/data/qqp/dev.jsonl') },
    embedder: { type: 'string' },
    state: { type: 'string', default: join(process.env.SOVEREIGN_HOME ?? join(root, '.sovereign'), 'cache') },
  },
});
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface Pair {
  a: string;
  b: string;
  duplicate: boolean;
  tune: boolean;
}

function readPairs(path: string): Pair[] {
  if (!existsSync(path)) {
    log(`semantic-cache bench: no data at ${path}. Pass --data FILE (JSON lines of {"a","b","duplicate"}), or put the shared QQP set at ../shared/data/qqp/dev.jsonl.`);
    process.exit(2);
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const row = JSON.parse(line) as { a?: unknown; b?: unknown; duplicate?: unknown };
      if (typeof row.a !== 'string' || typeof row.b !== 'string' || (row.duplicate !== 0 && row.duplicate !== 1 && typeof row.duplicate !== 'boolean')) {
        throw new Error(`${path}:${index + 1}: expected {"a": string, "b": string, "duplicate": 0 | 1}`);
      }
      return { a: row.a, b: row.b, duplicate: Boolean(row.duplicate), tune: (hashString(`${row.a}\n${row.b}`) & 1) === 0 };
    });
}

interface Figures {
  threshold: number;
  /** Pairs at or above the threshold. */
  matched: number;
  precision: number;
  recall: number;
  /** One-sided 95% Wilson lower bound of the precision. */
  precisionLow: number;
}

function figuresAt(similarities: Float64Array, pairs: Pair[], threshold: number, keep: (pair: Pair) => boolean): Figures {
  let truePositives = 0;
  let falsePositives = 0;
  let positives = 0;
  pairs.forEach((pair, index) => {
    if (!keep(pair)) return;
    if (pair.duplicate) positives++;
    if (meetsThreshold(similarities[index]!, threshold)) {
      if (pair.duplicate) truePositives++;
      else falsePositives++;
    }
  });
  const matched = truePositives + falsePositives;
  // No match: precision undefined (NaN; `null` in JSON).
  const precision = matched === 0 ? Number.NaN : truePositives / matched;
  return { threshold, matched, precision, recall: positives === 0 ? 0 : truePositives / positives, precisionLow: wilsonLow(truePositives, matched) };
}

function wilsonLow(successes: number, trials: number): number {
  if (trials === 0) return 0;
  const z = 1.645;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  return (p + (z * z) / (2 * trials) - z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
}

const grid = [1, 0.999, 0.998, ...Array.from({ length: 100 }, (_, index) => Math.round((0.995 - index * 0.005) * 1000) / 1000)];
const shown = [1, 0.999, 0.995, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.92, 0.9, 0.85, 0.8, 0.7, 0.6];

/**
 * The lowest grid threshold at and above which tune precision stays >= the target (thresholds matching nothing
 * are skipped), or undefined when even the highest threshold misses the target.
 */
function chooseThreshold(similarities: Float64Array, pairs: Pair[]): number | undefined {
  let chosen: number | undefined;
  for (const threshold of grid) {
    const figures = figuresAt(similarities, pairs, threshold, (pair) => pair.tune);
    if (figures.matched === 0) continue;
    if (figures.precision < semanticTargetPrecision) break;
    chosen = threshold;
  }
  return chosen;
}

/** Non-duplicate pairs at or above the threshold, most similar first: the false hits a user would see. */
function falseMatches(similarities: Float64Array, pairs: Pair[], threshold: number): string[] {
  return pairs
    .map((pair, index) => ({ pair, similarity: similarities[index]! }))
    .filter(({ pair, similarity }) => !pair.duplicate && meetsThreshold(similarity, threshold))
    .sort((left, right) => right.similarity - left.similarity)
    .map(({ pair, similarity }) => `${similarity.toFixed(4)} ${pair.tune ? 'tune' : 'test'}: ${JSON.stringify(pair.a)} / ${JSON.stringify(pair.b)}`);
}

function embedderFor(name: EmbedderName): Embedder {
  const gateway =
    name === 'gateway'
      ? {
          baseUrl: process.env.SOVEREIGN_GATEWAY_URL ?? 'http://127.0.0.1:8080',
          apiKey: process.env.SOVEREIGN_API_KEY ?? '',
          model: process.env.SOVEREIGN_EMBEDDING_MODEL ?? '',
          dimensions: Number(process.env.SOVEREIGN_EMBEDDING_DIMENSIONS ?? 0),
        }
      : undefined;
  return createEmbedder(name, { cacheDirectory: values.state!, ...(gateway ? { gateway } : {}) });
}

async function similaritiesOf(embedder: Embedder, pairs: Pair[]): Promise<{ similarities: Float64Array; loadMs: number; microsecondsPerText: number }> {
  const loadStart = performance.now();
  await embedder.warmUp?.();
  const loadMs = performance.now() - loadStart;
  const similarities = new Float64Array(pairs.length);
  const batch = 256;
  const embedStart = performance.now();
  for (let start = 0; start < pairs.length; start += batch) {
    const slice = pairs.slice(start, start + batch);
    const [left, right] = await Promise.all([embedder.embed(slice.map((pair) => pair.a)), embedder.embed(slice.map((pair) => pair.b))]);
    slice.forEach((_pair, index) => (similarities[start + index] = dotProduct(left[index]!, right[index]!)));
    if (start % (batch * 16) === 0) log(`  ${embedder.id}: ${start + slice.length}/${pairs.length} pairs`);
  }
  return { similarities, loadMs, microsecondsPerText: ((performance.now() - embedStart) * 1000) / (2 * pairs.length) };
}

const percent = (value: number): string => (Number.isNaN(value) ? 'n/a' : `${(value * 100).toFixed(1)}%`).padStart(6);

async function main(): Promise<void> {
  const pairs = readPairs(values.data!);
  const names: EmbedderName[] = values.embedder ? [values.embedder as EmbedderName] : ['ngram', 'wink', 'wink-mean', 'hybrid'];
  for (const name of names) {
    if (!embedderNames.includes(name)) {
      log(`semantic-cache bench: unknown embedder "${name}"; one of ${embedderNames.join(', ')}`);
      process.exit(2);
    }
  }
  const duplicates = pairs.filter((pair) => pair.duplicate).length;
  const tunePairs = pairs.filter((pair) => pair.tune).length;
  log(`${pairs.length} pairs (${duplicates} duplicates), tune ${tunePairs} / test ${pairs.length - tunePairs}`);
  const results = [];
  for (const name of names) {
    log(`embedding with ${name}...`);
    const rssBefore = process.memoryUsage().rss;
    const embedder = embedderFor(name);
    const { similarities, loadMs, microsecondsPerText } = await similaritiesOf(embedder, pairs);
    const tuned = chooseThreshold(similarities, pairs);
    results.push({
      name,
      id: embedder.id,
      loadMs: Math.round(loadMs),
      rssGrowthMb: Math.round((process.memoryUsage().rss - rssBefore) / 1e6),
      microsecondsPerText: Math.round(microsecondsPerText * 10) / 10,
      tunedThreshold: tuned,
      tuned:
        tuned === undefined
          ? undefined
          : { tune: figuresAt(similarities, pairs, tuned, (pair) => pair.tune), test: figuresAt(similarities, pairs, tuned, (pair) => !pair.tune) },
      atDefault: {
        all: figuresAt(similarities, pairs, defaultSemanticThreshold, () => true),
        tune: figuresAt(similarities, pairs, defaultSemanticThreshold, (pair) => pair.tune),
        test: figuresAt(similarities, pairs, defaultSemanticThreshold, (pair) => !pair.tune),
      },
      falseMatches: falseMatches(similarities, pairs, defaultSemanticThreshold),
      curve: shown.map((threshold) => ({
        all: figuresAt(similarities, pairs, threshold, () => true),
        tune: figuresAt(similarities, pairs, threshold, (pair) => pair.tune),
        test: figuresAt(similarities, pairs, threshold, (pair) => !pair.tune),
      })),
    });
  }

  const headline = results.find((result) => result.name === defaultSemanticEmbedder) ?? results[0]!;
  if (values.json) {
    const round = (value: number): number => Math.round(value * 10000) / 10000;
    process.stdout.write(
      `${JSON.stringify({
        embedder: headline.name,
        default_threshold: defaultSemanticThreshold,
        precision: round(headline.atDefault.all.precision),
        recall: round(headline.atDefault.all.recall),
        pairs: pairs.length,
        matched: headline.atDefault.all.matched,
        precision_lower_95: round(headline.atDefault.all.precisionLow),
        tune: { pairs: tunePairs, precision: round(headline.atDefault.tune.precision), recall: round(headline.atDefault.tune.recall), matched: headline.atDefault.tune.matched },
        test: { pairs: pairs.length - tunePairs, precision: round(headline.atDefault.test.precision), recall: round(headline.atDefault.test.recall), matched: headline.atDefault.test.matched },
        false_matches: headline.falseMatches,
        embedders: results.map((result) => ({
          embedder: result.name,
          id: result.id,
          load_ms: result.loadMs,
          rss_growth_mb: result.rssGrowthMb,
          us_per_text: result.microsecondsPerText,
          tuned_threshold: result.tunedThreshold ?? null,
          tuned_test: result.tuned
            ? { precision: round(result.tuned.test.precision), recall: round(result.tuned.test.recall), matched: result.tuned.test.matched }
            : null,
          curve: result.curve.map((point) => ({ threshold: point.all.threshold, precision: round(point.all.precision), recall: round(point.all.recall), matched: point.all.matched })),
        })),
      })}\n`,
    );
    return;
  }
  const lines: string[] = [`QQP ${pairs.length} pairs (${duplicates} duplicates); split tune ${tunePairs} / test ${pairs.length - tunePairs}`];
  for (const result of results) {
    lines.push('', `${result.name} (${result.id}): load ${result.loadMs} ms, rss +${result.rssGrowthMb} MB, ${result.microsecondsPerText} us/text`);
    lines.push('threshold | matched precision  recall | tune prec  recall | test prec  recall');
    for (const point of result.curve) {
      lines.push(
        `${point.all.threshold.toFixed(3).padStart(9)} | ${String(point.all.matched).padStart(7)} ${percent(point.all.precision).padStart(9)} ${percent(point.all.recall).padStart(7)}` +
          ` | ${percent(point.tune.precision).padStart(9)} ${percent(point.tune.recall).padStart(7)} | ${percent(point.test.precision).padStart(9)} ${percent(point.test.recall).padStart(7)}`,
      );
    }
    if (result.tuned) {
      const { tune, test } = result.tuned;
      lines.push(
        `chosen on tune: ${result.tunedThreshold!.toFixed(3)} (tune precision ${percent(tune.precision)}, recall ${percent(tune.recall)}, ${tune.matched} matched)` +
          ` -> test precision ${percent(test.precision)} (95% lower bound ${percent(test.precisionLow)}), recall ${percent(test.recall)}, ${test.matched} matched`,
      );
    } else {
      lines.push(`chosen on tune: none (tune precision is below ${percent(semanticTargetPrecision)} even at 1.000)`);
    }
  }
  const { all, tune, test } = headline.atDefault;
  lines.push(
    '',
    `default: ${headline.name} at ${defaultSemanticThreshold}: all precision ${percent(all.precision)} (95% lower bound ${percent(all.precisionLow)}), recall ${percent(all.recall)}, ${all.matched} matched;` +
      ` tune ${percent(tune.precision)} / ${percent(tune.recall)}; test ${percent(test.precision)} / ${percent(test.recall)}`,
    'false matches at the default threshold:',
    ...headline.falseMatches.slice(0, 10).map((line) => `  ${line}`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
