/**
 * `npm run bench -- soak [--seconds N] [--rate R] [--json]`: three `sovereign serve` processes (dist/) on one
 * Postgres and one Redis (started from the machine's packages on free loopback ports, as the tests do) behind a
 * round-robin client at a fixed rate, for five minutes by default. Requests go to a simulated provider in this
 * process; one key of a tenant with a USD budget and rate limits sized never to refuse, so every request goes through
 * the shared budget, rate limits, ledger and audit log. Prints latency percentiles (from each request's due time,
 * so a stall is not hidden by a slower generator), errors, and each process's resident memory every `--sample`
 * seconds; exit code 1 when a request failed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../src/sim/simulator.ts';
import { startGatewayProcess, type GatewayProcess } from '../test/helpers/gateway-process.ts';
import { startPostgresServer } from '../test/helpers/postgres-server.ts';
import { startRedisServer } from '../test/helpers/redis-server.ts';
import { createLatencyHistogram } from './overhead/latency-histogram.ts';
import { residentBytes } from './overhead/process-usage.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '60' },
    sample: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const sampleSeconds = Number(values.sample);
if (!(seconds > 0) || !(rate > 0) || !(sampleSeconds > 0)) {
  process.stderr.write('soak: --seconds, --rate and --sample must be positive numbers\n');
  process.exit(2);
}

const apiKey = 'sk-soak-operator-0123456789';
const clientKey = 'sk-soak-client-0123456789';
const directory = mkdtempSync(join(tmpdir(), 'sovereign-soak-'));
const postgres = await startPostgresServer();
const redis = await startRedisServer();
const simulator = await startSimulator({ defaultModel: { ttftMs: 20, tokensPerSecond: 0, outputTokens: 32, seed: 9 } });
const gateways: GatewayProcess[] = [];
try {
  const database = await postgres.createDatabase();
  const configFile = join(directory, 'sovereign.yaml');
  writeFileSync(
    configFile,
    `
audit: { strict: true }
cache: { enabled: false }
store: { redis: { commandTimeoutMs: 5000 } }
keys: [{ key: ${clientKey}, tenant: soak }]
tenants:
  soak:
    budgets: { usdPerDay: 1000000 }
    rateLimits: { requestsPerMinute: 1000000, tokensPerMinute: 100000000 }
providers:
  - id: sim
    adapter: openai-compatible
    tier: cloud
    jurisdiction: DE
    operator: { name: Soak, country: DE }
    baseUrl: ${simulator.url}/v1
    models: [{ name: m, price: { input: 1, output: 2 } }]
`,
  );
  for (let index = 0; index < 3; index++) {
    const env = { SOVEREIGN_HOME: join(directory, `home-${index}`), SOVEREIGN_API_KEY: apiKey, SOVEREIGN_DATABASE_URL: database, SOVEREIGN_REDIS_URL: redis.url };
    gateways.push(await startGatewayProcess(env, ['--config', configFile]));
  }

  const latency = createLatencyHistogram();
  const errors = new Map<string, number>();
  const rss: Array<{ second: number; megabytes: number[] }> = [];
  const sample = (second: number) =>
    rss.push({ second, megabytes: gateways.map((gateway) => Math.round(((residentBytes(gateway.child.pid!) ?? 0) / 1_048_576) * 10) / 10) });
  const total = Math.round(seconds * rate);
  const started = performance.now();
  sample(0);
  const sampler = setInterval(() => sample(Math.round((performance.now() - started) / 1000)), sampleSeconds * 1000);
  const inFlight: Array<Promise<void>> = [];
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      fetch(`${gateways[index % 3]!.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', max_tokens: 32, messages: [{ role: 'user', content: `Soak request ${index}` }] }),
      })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 200) latency.recordMs(performance.now() - due);
          else errors.set(`HTTP ${response.status}`, (errors.get(`HTTP ${response.status}`) ?? 0) + 1);
        })
        .catch((error: unknown) => {
          const name = (error as Error).message;
          errors.set(name, (errors.get(name) ?? 0) + 1);
        }),
    );
  }
  await Promise.all(inFlight);
  clearInterval(sampler);
  sample(Math.round((performance.now() - started) / 1000));
  const percentiles = Object.fromEntries([50, 90, 99, 99.9].map((p) => [`p${p}`, Math.round(latency.percentileMs(p) * 10) / 10]));
  const failed = [...errors.values()].reduce((sum, count) => sum + count, 0);
  const result = { seconds, rate, requests: total, answered: latency.count, failed, errors: Object.fromEntries(errors), latencyMs: { ...percentiles, max: Math.round(latency.maxMs * 10) / 10 }, rssMegabytes: rss };
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(`soak: ${total} requests at ${rate}/s over ${seconds} s, round robin over three gateway processes on Postgres and Redis\n`);
    process.stdout.write(`answered ${latency.count}, failed ${failed}${failed > 0 ? ` ${JSON.stringify(Object.fromEntries(errors))}` : ''}\n`);
    process.stdout.write(`latency ms (from due time): ${Object.entries(result.latencyMs).map(([name, value]) => `${name} ${value}`).join(', ')}\n`);
    process.stdout.write('resident memory MB per process:\n');
    for (const row of rss) process.stdout.write(`  ${String(row.second).padStart(5)} s  ${row.megabytes.map((value) => value.toFixed(1).padStart(7)).join(' ')}\n`);
  }
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  for (const gateway of gateways) await gateway.stop();
  await simulator.close();
  await redis.close();
  await postgres.close();
  rmSync(directory, { recursive: true, force: true });
}
