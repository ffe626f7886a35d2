import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from './load-config.ts';
import { interpolateEnv } from './interpolate-env.ts';

const provider = (extra: string) => `
providers:
  - id: p1
    adapter: openai-compatible
    tier: cloud
    jurisdiction: US
    operator: { name: X, country: US }
    baseUrl: http://127.0.0.1:1/v1
    models: [{ name: m1 }]
${extra}`;

describe('loadConfigFile', () => {
  it('loads the embedded default with every simulated provider and skips real ones without keys', () => {
    const loaded = loadConfigFile('config/default.yaml', {});
    const simulated = loaded.config.providers.filter((entry) => entry.simulated);
    expect(simulated.length).toBeGreaterThanOrEqual(5);
    expect(new Set(simulated.map((entry) => entry.jurisdiction))).toEqual(new Set(['DE', 'US', 'IE', 'FR', 'JP', 'SG']));
    expect(loaded.skippedProviders.map((entry) => entry.id).sort()).toEqual(['anthropic', 'gemini', 'in-process', 'ollama', 'openai']);
    expect(loaded.config.server.port).toBe(8787);
    expect(loaded.config.server.host).toBe('127.0.0.1');
    expect(loaded.config.server.maxJsonDepth).toBe(64);
  });

  it('adds a real provider when its key is set, and never echoes the key in errors', () => {
    const loaded = loadConfigFile('config/default.yaml', { OPENAI_API_KEY: 'sk-test-secret', PORT: '9999' });
    expect(loaded.config.providers.find((entry) => entry.id === 'openai')?.apiKey).toBe('sk-test-secret');
    expect(loaded.config.server.port).toBe(9999);
  });

  it('adds the in-process provider when SOVEREIGN_LOCAL_MODEL names a GGUF file', () => {
    const loaded = loadConfigFile('config/default.yaml', { SOVEREIGN_LOCAL_MODEL: 'models/tiny.gguf', SOVEREIGN_LOCAL_MODEL_NAME: 'tiny' });
    const local = loaded.config.providers.find((entry) => entry.id === 'in-process');
    expect(local).toMatchObject({ adapter: 'llama-local', tier: 'local', jurisdiction: 'DE', clearance: 'CUI', llama: { gpu: 'auto', maxConcurrency: 1, maxQueue: 32 } });
    expect(local?.models[0]).toMatchObject({ name: 'tiny', file: 'models/tiny.gguf' });
    expect(loaded.skippedProviders.map((entry) => entry.id)).not.toContain('in-process');
  });

  it('accepts OLLAMA_HOST without a scheme', () => {
    const loaded = loadConfigFile('config/default.yaml', { OLLAMA_HOST: '127.0.0.1:11434' });
    expect(loaded.config.providers.find((entry) => entry.id === 'ollama')?.baseUrl).toBe('http://127.0.0.1:11434');
  });

  it.each([
    ['a bad country code', provider('').replace('jurisdiction: US', 'jurisdiction: usa'), /providers\[0\]\.jurisdiction: expected an ISO 3166-1/],
    ['an unknown adapter', provider('').replace('openai-compatible', 'carrier-pigeon'), /providers\[0\]\.adapter/],
    ['an unknown field', provider('').replace('tier: cloud', 'tier: cloud\n    colour: blue'), /providers\[0\].*colour/],
    ['no models', provider('').replace('models: [{ name: m1 }]', 'models: []'), /providers\[0\]\.models: a provider must serve at least one model/],
    ['a duplicate id', provider('').replace('providers:', 'providers:\n  - { id: p1, adapter: ollama, tier: local, jurisdiction: DE, operator: { name: Y, country: DE }, baseUrl: "http://127.0.0.1:2", models: [{ name: m2 }] }'), /duplicate provider id "p1"/],
    ['"auto" as a model name', provider('').replace('name: m1', 'name: auto'), /"auto" is reserved/],
    ['a missing base URL', provider('').replace('    baseUrl: http://127.0.0.1:1/v1\n', ''), /providers\[0\]\.baseUrl: required unless the provider is simulated/],
    ['invalid YAML', 'providers: [\n  - {', /not valid YAML/],
    ['a llama-local model without a file', provider('').replace('openai-compatible', 'llama-local').replace('    baseUrl: http://127.0.0.1:1/v1\n', ''), /providers\[0\]\.models\[0\]\.file: required for adapter llama-local/],
    ['a llama-local provider with a base URL', provider('').replace('openai-compatible', 'llama-local').replace('name: m1', 'name: m1, file: m.gguf'), /providers\[0\]\.baseUrl: a llama-local provider runs its models in-process/],
    ['a simulated llama-local provider', provider('').replace('openai-compatible', 'llama-local').replace('    baseUrl: http://127.0.0.1:1/v1\n', '    simulated: {}\n').replace('name: m1', 'name: m1, file: m.gguf'), /providers\[0\]\.simulated: a llama-local provider/],
    ['llama settings on a remote provider', provider('').replace('tier: cloud', 'tier: cloud\n    llama: { threads: 1 }'), /providers\[0\]\.llama: only for adapter llama-local/],
    ['a file on a remote model', provider('').replace('name: m1', 'name: m1, file: m.gguf'), /providers\[0\]\.models\[0\]\.file: only for adapter llama-local/],
    ['a bad llama setting', provider('').replace('openai-compatible', 'llama-local').replace('    baseUrl: http://127.0.0.1:1/v1\n', '    llama: { maxConcurrency: 0, gpu: rocm }\n').replace('name: m1', 'name: m1, file: m.gguf'), /providers\[0\]\.llama\.(gpu|maxConcurrency)/],
    ['a bad port', 'server: { port: 70000 }', /server\.port/],
    ['a JSON depth limit below 8', 'server: { maxJsonDepth: 4 }', /server\.maxJsonDepth/],
  ])('refuses %s with the file, path and reason', (_name, text, pattern) => {
    let caught: unknown;
    try {
      parseConfigText(text, 'custom.yaml', {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain('custom.yaml');
    expect((caught as Error).message).toMatch(pattern);
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadConfigFile('does/not/exist.yaml', {})).toThrow(/does\/not\/exist\.yaml.*cannot read/s);
  });
});

describe('interpolateEnv', () => {
  it('replaces variables, defaults and escapes, and reports unset names', () => {
    const missing = new Set<string>();
    const result = interpolateEnv({ a: '${A}', b: ['${B:-fallback}'], c: '$${A}', d: 'x${NOPE}y', e: 3 }, { A: 'one' }, missing);
    expect(result).toEqual({ a: 'one', b: ['fallback'], c: '${A}', d: 'xy', e: 3 });
    expect([...missing]).toEqual(['NOPE']);
  });

  it('cannot change the document structure through a value', () => {
    const result = interpolateEnv({ key: '${SECRET}' }, { SECRET: 'a: b\n- c # d' });
    expect(result).toEqual({ key: 'a: b\n- c # d' });
  });
});
