import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ProviderEntryInput } from '../../src/core/catalog/catalog-schema.ts';
import { validateConfig } from '../../src/server/config/load-config.ts';
import { startGateway, type RunningGateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/server/logger.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import type { TracingOptions } from '../../src/server/tracing/start-tracing.ts';

export interface TestGateway {
  gateway: RunningGateway;
  url: string;
  apiKey: string;
  /** The gateway's state directory (its SQLite database `sovereign.db`, keys, audit log, the audit signing key). */
  home: string;
  /** Every log line the gateway wrote (JSON text), for log scans. */
  logs: string[];
  simulator(providerId: string): Simulator;
  close(): Promise<void>;
}

/** A small simulated fleet: one provider per dialect, instant answers. */
export function simulatedProvider(
  id: string,
  adapter: ProviderEntryInput['adapter'],
  models: Array<string | ProviderEntryInput['models'][number]>,
  extra: Partial<ProviderEntryInput> = {},
): ProviderEntryInput {
  return {
    id,
    adapter,
    tier: 'cloud',
    jurisdiction: 'US',
    operator: { name: `${id} operator`, country: 'US' },
    simulated: { ttftMs: 0, tokensPerSecond: 0, outputTokens: 12, seed: 7 },
    models: models.map((model) => (typeof model === 'string' ? { name: model, price: { input: 1, output: 2 } } : model)),
    ...extra,
  };
}

export const defaultTestProviders: ProviderEntryInput[] = [
  simulatedProvider('sim-openai', 'openai-compatible', [
    'gpt-4o-mini',
    { name: 'text-embedding-3-small', capabilities: { tools: false, vision: false, json: false, embeddings: true } },
  ]),
  simulatedProvider('sim-anthropic', 'anthropic', ['claude-haiku-4-5']),
  simulatedProvider('sim-gemini', 'gemini', ['gemini-2.5-flash']),
  simulatedProvider('sim-ollama', 'ollama', ['qwen2.5:7b']),
];

/** Starts a gateway in-process on a free loopback port, with a fresh state directory and a known key. */
export async function startTestGateway(
  options: { providers?: ProviderEntryInput[]; config?: Record<string, unknown>; logLevel?: string; tracing?: TracingOptions; env?: Record<string, string> } = {},
): Promise<TestGateway> {
  const home = mkdtempSync(join(tmpdir(), 'sovereign-test-'));
  const apiKey = `sk-test-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const env = { ...options.env, SOVEREIGN_API_KEY: apiKey };
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const loaded = validateConfig({ providers: options.providers ?? defaultTestProviders, ...options.config }, 'test-config', env);
  const gateway = await startGateway({
    config: loaded,
    env,
    home,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: options.logLevel ?? 'info', destination }),
    ...(options.tracing ? { tracing: options.tracing } : {}),
  });
  return {
    gateway,
    url: gateway.url,
    apiKey,
    home,
    logs,
    simulator(providerId) {
      const simulator = gateway.simulators.get(providerId);
      if (!simulator) throw new Error(`no simulator for ${providerId}`);
      return simulator;
    },
    async close() {
      await gateway.shutdown(0);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
