import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reached, resetSimulators } from '../helpers/evasion-fleet.ts';
import { startSovereigntyGateway } from '../helpers/sovereignty-fleet.ts';
import type { TestGateway } from '../helpers/start-test-gateway.ts';

describe('sovereignty scenarios on a simulated fleet', () => {
  let harness: TestGateway;
  let openai: OpenAI;

  beforeAll(async () => {
    harness = await startSovereigntyGateway();
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => resetSimulators(harness));

  const ask = (content: string, headers: Record<string, string> = {}) =>
    openai.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content }] }, { headers }).withResponse();

  it('sends an ordinary request to the cheapest provider', async () => {
    const { response } = await ask('What is the capital of France?');
    expect(response.headers.get('x-sovereign-provider')).toBe('cloud-sg');
    expect(reached(harness)).toEqual(['cloud-sg']);
  });

  it('keeps EU personal data within EU/EEA/adequacy jurisdictions', async () => {
    const { response } = await ask('Draft a reply to jan.de.vries@example.nl about his order.');
    expect(response.headers.get('x-sovereign-provider')).toBe('cloud-ch');
    expect(reached(harness)).toEqual(['cloud-ch']);
    const decision = await (await fetch(`${harness.url}/v1/decisions/${response.headers.get('x-sovereign-decision')}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json();
    expect(decision.policies).toContain('eu-personal-data');
    expect(decision.excluded).toEqual([
      expect.objectContaining({ providerId: 'cloud-sg', reasons: [expect.objectContaining({ policy: 'eu-personal-data' })] }),
    ]);
  });

  it('sends CUI only to the local tier', async () => {
    const { response } = await ask('CUI\nQuarterly maintenance schedule for site B.');
    expect(response.headers.get('x-sovereign-provider')).toBe('local-cui');
    expect(reached(harness)).toEqual(['local-cui']);
  });

  it('never sends a SECRET marking to a provider of lower clearance, even when the cleared one fails', async () => {
    harness.simulator('local-secret').injectFault({ kind: 'unavailable', times: 10 });
    const error = await ask('SECRET//NOFORN\nAssessment follows.').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(reached(harness)).toEqual(['local-secret']);
    harness.simulator('local-secret').clearFaults();
  });

  it('falls back within policy when a compliant provider is down', async () => {
    harness.simulator('cloud-ch').injectFault({ kind: 'server-error', times: 5 });
    const { response } = await ask('Call +49 30 1234567 about the delivery to anna@example.de.');
    expect(response.status).toBe(200);
    const served = response.headers.get('x-sovereign-provider');
    expect(['cloud-fr', 'local-cui', 'local-secret']).toContain(served);
    expect(reached(harness)).not.toContain('cloud-sg');
    harness.simulator('cloud-ch').clearFaults();
  });

  it('answers 503, not a non-compliant provider, when every compliant provider is down', async () => {
    for (const id of ['local-secret', 'local-cui', 'cloud-fr', 'cloud-ch']) harness.simulator(id).injectFault({ kind: 'unavailable', times: 20 });
    const error = await ask('Email bob@example.de the invoice.').catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(reached(harness)).not.toContain('cloud-sg');
    for (const id of ['local-secret', 'local-cui', 'cloud-fr', 'cloud-ch']) harness.simulator(id).clearFaults();
  });

  it('refuses with 403 policy_denied naming the policy when no provider is cleared, in both dialects', async () => {
    const error = await ask('TOP SECRET//SCI\nOrder of battle.').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(String((error as Error).message)).toContain('classified-stays-local');
    const anthropic = new Anthropic({ baseURL: harness.url, apiKey: harness.apiKey, maxRetries: 0 });
    const refused = await anthropic.messages
      .create({ model: 'chat', max_tokens: 10, messages: [{ role: 'user', content: 'TOP SECRET\nx' }] })
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(reached(harness)).toEqual([]);
  });

  it('blocks a request carrying a secret before anything is sent', async () => {
    const error = await ask('Use AKIAIOSFODNN7EXAMPLE to upload it').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(String((error as Error).message)).toContain('block-secrets');
    expect(reached(harness)).toEqual([]);
  });

  it('lets a declared classification raise, never lower, what was detected', async () => {
    const raised = await ask('Plain text.', { 'x-sovereign-classification': 'CUI' });
    expect(raised.response.headers.get('x-sovereign-provider')).toBe('local-cui');
    const error = await ask('SECRET\nx', { 'x-sovereign-classification': 'UNCLASSIFIED' }).then(
      ({ response }) => response.headers.get('x-sovereign-provider'),
    );
    expect(error).toBe('local-secret');
  });

  it('honours a residency header and a strategy header', async () => {
    const { response } = await ask('Hello', { 'x-sovereign-residency': 'FR' });
    expect(response.headers.get('x-sovereign-provider')).toBe('cloud-fr');
    // `fastest` is not the default (`cheapest`): the decision must say the header chose it.
    const fastest = await ask('Hello', { 'x-sovereign-strategy': 'fastest' });
    const decision = await fetch(`${harness.url}/v1/decisions/${fastest.response.headers.get('x-sovereign-decision')}`, {
      headers: { authorization: `Bearer ${harness.apiKey}` },
    });
    expect(((await decision.json()) as { strategy: string }).strategy).toBe('fastest');
    const bad = await ask('Hello', { 'x-sovereign-strategy': 'whatever' }).catch((caught: unknown) => caught);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe('sovereign explain', () => {
  it.each([
    ['a file that does not exist', null, /cannot read .*missing\.json \(ENOENT\)/],
    ['a file that is not JSON', '{"model":', /invalid input: .*JSON/],
    ['a request the gateway would refuse as invalid', '{"model":"auto","messages":[{"role":"user"}]}', /invalid input \(parameter messages\[0\]\.content\)/],
    ['an unknown model', '{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}', /invalid input \(parameter model\)/],
  ])('sovereign explain tells invalid input (exit 2, the parameter named) from a refusal: %s', (_name, content, message) => {
    const directory = mkdtempSync(join(tmpdir(), 'sovereign-explain-'));
    const file = join(directory, content === null ? 'missing.json' : 'request.json');
    if (content !== null) writeFileSync(file, content);
    const result = spawnSync(process.execPath, ['bin/sovereign.js', 'explain', '--request', file], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
  }, 30_000);

  it('explains a routed request and a refused one without sending anything', () => {
    const directory = mkdtempSync(join(tmpdir(), 'sovereign-explain-'));
    const routed = join(directory, 'routed.json');
    writeFileSync(routed, JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Mail anna.schmidt@example.de' }] }));
    const result = spawnSync(process.execPath, ['bin/sovereign.js', 'explain', '--request', routed], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Policies in force: eu-personal-data');
    expect(result.stdout).toMatch(/apac-sg \/ qwen-2\.5-72b-instruct: jurisdiction SG not in \[EEA, adequacy\] \(policy eu-personal-data\)/);
    const refused = join(directory, 'refused.json');
    writeFileSync(refused, JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'TOP SECRET\nx' }] }));
    const denied = spawnSync(process.execPath, ['bin/sovereign.js', 'explain', '--request', refused], { encoding: 'utf8' });
    expect(denied.status).toBe(3);
    expect(denied.stdout).toContain('policy_denied');
  }, 30_000);
});
