/**
 * Cost benchmark: what exact caching, provider prompt caching and compression save on a real agent workload, and
 * an offline evaluation of quality-aware routing.
 *
 * Workload: the 200 tau-bench airline trajectories of gpt-4o (`../shared/data/tau-bench`), replayed turn by turn:
 * each request is the message prefix before a recorded assistant turn, with the tool definitions (rebuilt from the
 * recorded calls, see bench/lib/infer-tool-schemas.ts); the recorded (gold) assistant message is never sent, its
 * o200k token count is every row's output length, so output cost is realistic and equal across rows. Requests go
 * over HTTP to the provider simulator with its prompt cache on (src/sim/prompt-cache: each provider's documented
 * rules, o200k token counts, a simulated clock advancing 10 s per request), once priced like gpt-4o (OpenAI
 * automatic caching) and once like claude-sonnet-4-5 (Anthropic, breakpoints only). Rewrites are the gateway's
 * pure functions called directly; pass `--gateway URL --gateway-key KEY` to add rows that go through a running
 * gateway instead (bench/lib/gateway-transport.ts).
 *
 *   npx tsx bench/cost.ts [--json] [--trajectories N]
 *
 * `--json` prints one JSON object on stdout; progress goes to stderr.
 */
import { inferToolSchemas } from './lib/infer-tool-schemas.ts';
import { replayCost, type ReplayTotals, type Technique, type Transport } from './lib/cost-replay.ts';
import { costTechniques } from './lib/cost-techniques.ts';
import { formatTable } from './lib/format-table.ts';
import { gatewayTransport } from './lib/gateway-transport.ts';
import { pricedProviders, type PricedProvider } from './lib/priced-providers.ts';
import { replayTurns, type ReplayTurn } from './lib/replay-turns.ts';
import { evaluateRouter, loadRoutedPrompts, routers } from './lib/routing-eval.ts';
import { loadTauTrajectories } from './lib/tau-bench.ts';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const option = (name: string): string | undefined => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
};
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const allTrajectories = loadTauTrajectories();
const limit = Number(option('--trajectories') ?? allTrajectories.length);
const trajectories = allTrajectories.slice(0, limit);
const tools = inferToolSchemas(allTrajectories);
const turns = replayTurns(trajectories, tools, 'gpt-4o');
log(`cost: ${trajectories.length} trajectories, ${turns.length} requests, ${tools.length} tools`);

interface Row {
  technique: Technique;
  provider: PricedProvider;
  totals: ReplayTotals;
  via: 'direct' | 'gateway';
}

const rows: Row[] = [];
for (const provider of pricedProviders) {
  for (const technique of costTechniques) {
    if (technique.providers && !technique.providers.includes(provider.id)) continue;
    rows.push({ technique, provider, totals: await run(turns, provider, technique), via: 'direct' });
  }
  const gatewayUrl = option('--gateway');
  if (gatewayUrl) {
    const transport = gatewayTransport({ url: gatewayUrl, apiKey: option('--gateway-key') ?? '', model: option(`--gateway-model-${provider.id}`) ?? provider.model });
    const technique: Technique = { name: 'gateway', group: 'lossless', description: 'the client body through a running gateway (its own stages)' };
    rows.push({ technique, provider, totals: await run(turns, provider, technique, transport), via: 'gateway' });
  }
}

async function run(items: readonly ReplayTurn[], provider: PricedProvider, technique: Technique, transport?: Transport): Promise<ReplayTotals> {
  const started = performance.now();
  const totals = await replayCost(items, provider, technique, {
    ...(transport ? { transport } : {}),
    onProgress: (done, total) => {
      if (done % 500 === 0 || done === total) process.stderr.write(`\r  ${provider.id} ${technique.name}: ${done}/${total}`);
    },
  });
  log(` (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return totals;
}

const usd = (nanoUsd: number): number => nanoUsd / 1e9;
const baselineOf = (provider: PricedProvider): ReplayTotals => rows.find((row) => row.provider === provider && row.technique.name === 'baseline')!.totals;
const ratioOf = (row: Row): number => row.totals.nanoUsd / baselineOf(row.provider).nanoUsd;
const sumUsd = (name: string): number => rows.filter((row) => row.technique.name === name).reduce((sum, row) => sum + usd(row.totals.nanoUsd), 0);

const distinctFirstTurns = new Set(turns.filter((turn) => turn.request.messages.length === 2).map((turn) => JSON.stringify(turn.request.messages))).size;
const firstTurns = turns.filter((turn) => turn.request.messages.length === 2).length;

const { prompts, excluded } = loadRoutedPrompts();
const shares = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const routing = routers.map((router) => ({ router, points: evaluateRouter(prompts, router, shares) }));
const weakAccuracy = prompts.filter((item) => item.weakCorrect).length / prompts.length;
const strongAccuracy = prompts.filter((item) => item.strongCorrect).length / prompts.length;

const notes = [
  'Output tokens are the o200k count of each recorded (gold) assistant message, identical in every row.',
  'Input tokens are counted by the simulator with o200k on the rendered prompt for both providers (Claude\'s tokenizer differs by ~10 %).',
  'The simulated OpenAI cache is ideal (every prefix seen in the last 5 minutes hits); real hit rates are lower (routing by prefix hash, overflow above ~15 requests/min per prefix), so the real baseline costs more than shown.',
  'Tool definitions are not in the data; they are inferred from the recorded calls, without the real descriptions.',
  `Exact cache (simulated in the bench with the gateway's cache key): of ${firstTurns} first turns (system prompt plus the first user message, where the 4 trials of a task could repeat each other), ${distinctFirstTurns} are distinct, because the simulated user words its first message differently in each trial; later turns diverge further.`,
];
const noEffect = [...new Set(rows.filter((row) => row.totals.nanoUsd === baselineOf(row.provider).nanoUsd && row.technique.name !== 'baseline').map((row) => row.technique.name))];
if (noEffect.length > 0) notes.push(`No effect on this workload: ${noEffect.join(', ')} (e.g. no trailing blanks in the system prompt, tools already in name order, no repeated requests); the rows stay for other workloads.`);

const combined = {
  baseline_usd: sumUsd('baseline'),
  lossless_usd: sumUsd('all-lossless'),
};
const perProvider = Object.fromEntries(
  pricedProviders.map((provider) => {
    const baseline = usd(baselineOf(provider).nanoUsd);
    const lossless = usd(rows.find((row) => row.provider === provider && row.technique.name === 'all-lossless')!.totals.nanoUsd);
    return [provider.id, { model: provider.model, baseline_usd: baseline, lossless_usd: lossless, lossless_ratio: lossless / baseline }];
  }),
);

if (json) {
  const techniques: Record<string, unknown> = {};
  for (const row of rows) {
    const key = row.via === 'gateway' ? `gateway:${row.technique.name}` : row.technique.name;
    const entry = (techniques[key] ??= { group: row.technique.group, description: row.technique.description, via: row.via, providers: {} }) as { providers: Record<string, unknown> };
    entry.providers[row.provider.id] = {
      usd: usd(row.totals.nanoUsd),
      ratio_to_baseline: ratioOf(row),
      requests: row.totals.requests,
      requests_sent: row.totals.sent,
      exact_cache_hits: row.totals.exactCacheHits,
      input_tokens: row.totals.inputTokens,
      cached_tokens: row.totals.cachedTokens,
      cache_write_tokens: row.totals.cacheWriteTokens,
      output_tokens: row.totals.outputTokens,
    };
  }
  const result = {
    benchmark: 'cost',
    workload: { source: 'tau-bench gpt-4o-airline.json (sierra-research/tau-bench@59a200c6)', trajectories: trajectories.length, requests: turns.length },
    scope: 'baseline_usd, lossless_usd and lossless_ratio add up the OpenAI-priced and the Anthropic-priced replay of the same workload; per_provider has each alone',
    ...combined,
    lossless_ratio: combined.lossless_usd / combined.baseline_usd,
    target: { lossless_ratio_at_most: 0.5, met_combined: combined.lossless_usd / combined.baseline_usd <= 0.5, met_per_provider: Object.fromEntries(Object.entries(perProvider).map(([id, value]) => [id, value.lossless_ratio <= 0.5])) },
    per_provider: perProvider,
    prices: Object.fromEntries(pricedProviders.map((provider) => [provider.id, { model: provider.model, usd_per_million: provider.price, source: provider.priceSource }])),
    techniques,
    routing: {
      dataset: 'RouteLLM gsm8k_responses.csv (lm-sys/RouteLLM@0b64fdaf) minus gsm8k_contaminated_prompts.jsonl',
      prompts: prompts.length,
      excluded_contaminated: excluded,
      weak: { model: 'Mixtral-8x7B-Instruct', accuracy: weakAccuracy },
      strong: { model: 'GPT-4-1106-preview', accuracy: strongAccuracy },
      routers: routing.map(({ router, points }) => ({
        name: router.name,
        signal: router.signal,
        apgr: points.reduce((sum, point) => sum + point.routerPgr, 0) / points.length,
        points: points.map((point) => ({ strong_share: point.strongShare, accuracy: point.routerAccuracy, random_accuracy: point.randomAccuracy, pgr: point.routerPgr })),
      })),
    },
    notes,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
  for (const provider of pricedProviders) {
    console.log(`\n${provider.model} (${provider.id} prompt caching). Prices: ${provider.priceSource}`);
    const providerRows = rows.filter((row) => row.provider === provider);
    console.log(
      formatTable(
        ['technique', 'group', 'sent', 'exact hits', 'input tok', 'cached tok', 'write tok', 'output tok', 'USD', 'vs baseline'],
        providerRows.map((row) => [
          row.via === 'gateway' ? `gateway:${row.technique.name}` : row.technique.name,
          row.technique.group,
          row.totals.sent,
          row.totals.exactCacheHits,
          row.totals.inputTokens,
          row.totals.cachedTokens,
          row.totals.cacheWriteTokens,
          row.totals.outputTokens,
          `$${usd(row.totals.nanoUsd).toFixed(2)}`,
          percent(ratioOf(row)),
        ]),
      ),
    );
  }
  console.log(`\nAll lossless together: OpenAI-priced ${percent(perProvider.openai!.lossless_ratio)} of baseline, Anthropic-priced ${percent(perProvider.anthropic!.lossless_ratio)}; both replays added up: $${combined.lossless_usd.toFixed(2)} of $${combined.baseline_usd.toFixed(2)} = ${percent(combined.lossless_usd / combined.baseline_usd)} (target <= 50%).`);
  console.log(`\nRouting on GSM8K (${prompts.length} prompts, ${excluded} contaminated excluded): weak Mixtral-8x7B ${percent(weakAccuracy)}, strong GPT-4-1106 ${percent(strongAccuracy)}. Accuracy by share sent to the strong model:`);
  console.log(
    formatTable(
      ['strong share', 'random', ...routing.map(({ router }) => router.name)],
      shares.map((share, index) => [percent(share), percent(routing[0]!.points[index]!.randomAccuracy), ...routing.map(({ points }) => percent(points[index]!.routerAccuracy))]),
    ),
  );
  for (const { router, points } of routing) console.log(`  ${router.name}: ${router.signal}; APGR ${(points.reduce((sum, point) => sum + point.routerPgr, 0) / points.length).toFixed(3)} (random 0.500)`);
  console.log('\nNotes:');
  for (const note of notes) console.log(`- ${note}`);
}
