import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerRows } from '../helpers/ledger-rows.ts';
import { closedNetworkEnv, runCli } from '../helpers/run-cli.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const codex = resolve('node_modules/.bin/codex');

/**
 * Codex's configuration for the gateway: a custom provider on the Responses wire API, the key from the environment,
 * no retries (a failure shows at once), no approval prompts, a read-only sandbox, no update check, no analytics.
 * @see https://developers.openai.com/codex/config-advanced (custom model providers)
 */
function codexConfig(baseUrl: string, model: string): string {
  return `model = "${model}"
model_provider = "sovereign"
approval_policy = "never"
sandbox_mode = "read-only"
check_for_update_on_startup = false

[model_providers.sovereign]
name = "Sovereign"
base_url = "${baseUrl}/v1"
env_key = "SOVEREIGN_API_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0

[analytics]
enabled = false

[otel]
exporter = "none"
`;
}

describe('Codex (@openai/codex 0.171.0) against the gateway', () => {
  let harness: TestGateway;
  let scratch: string;

  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('sim-openai', 'openai-compatible', [{ name: 'gpt-4o-mini', price: { input: 0.15, output: 0.6 }, contextWindow: 128_000 }]),
        simulatedProvider('sim-anthropic', 'anthropic', [{ name: 'claude-haiku-4-5', price: { input: 1, output: 5 }, contextWindow: 200_000 }]),
      ],
    });
    scratch = mkdtempSync(join(tmpdir(), 'sovereign-codex-'));
  });
  afterAll(async () => {
    await harness.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each([
    ['an OpenAI-compatible provider', 'gpt-4o-mini', 'sim-openai'],
    ['an Anthropic provider', 'claude-haiku-4-5', 'sim-anthropic'],
  ])('codex exec completes a task through %s, with a tool call round trip, and exits 0', async (_name, model, providerId) => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const work = mkdtempSync(join(scratch, 'work-'));
    writeFileSync(join(home, 'config.toml'), codexConfig(harness.url, model));
    writeFileSync(join(work, 'notes.txt'), 'release on Friday\n');
    const before = (await ledgerRows(harness)).length;

    const run = await runCli(codex, ['exec', '--skip-git-repo-check', '-C', work, 'Summarise notes.txt in one line.'], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: home, CODEX_HOME: home, SOVEREIGN_API_KEY: harness.apiKey, ...closedNetworkEnv },
      timeoutMs: 90_000,
    });

    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout.trim().length).toBeGreaterThan(0);
    // The provider was asked twice: the task (it answered with a tool call), then the task with Codex's tool output.
    const received = harness.simulator(providerId).received.slice(-2);
    expect(received).toHaveLength(2);
    const followUp = JSON.stringify(received[1]?.body);
    expect(followUp).toContain('Summarise notes.txt in one line.');
    expect(followUp).toMatch(providerId === 'sim-anthropic' ? /"type":"tool_result"/ : /"role":"tool"/);
    // The ledger holds both requests, in the Responses dialect, answered.
    const rows = (await ledgerRows(harness)).slice(before);
    expect(rows.map((row) => [row.dialect, row.model, row.provider, row.outcome, row.status])).toEqual([
      ['openai-responses', model, providerId, 'ok', 200],
      ['openai-responses', model, providerId, 'ok', 200],
    ]);
  }, 120_000);
});
