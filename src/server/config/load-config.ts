import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { configSchema, type GatewayConfig } from './config-schema.ts';
import { interpolateEnv } from './interpolate-env.ts';
import { mcpConfigProblems } from '../../mcp/mcp-config-problems.ts';
import { parseOnce } from '../../core/parse-once.ts';

/** A configuration file that cannot be used; the message names the file, the path inside it and the reason. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: GatewayConfig;
  file: string;
  /** Providers left out because an environment variable they require is unset (e.g. no OPENAI_API_KEY). */
  skippedProviders: Array<{ id: string; missing: string[] }>;
}

/** Reads, interpolates and validates a YAML configuration file. Throws `ConfigError` on any problem. */
export function loadConfigFile(file: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseConfigText(text, file, env);
}

/** Parses configuration text (for tests and for configuration held elsewhere than a file). */
export function parseConfigText(text: string, file: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true }) ?? {};
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message : String(error);
    throw new ConfigError(file, [`not valid YAML: ${detail}`]);
  }
  return validateConfig(document, file, env);
}

/** Validates an already-parsed configuration object. */
export function validateConfig(document: unknown, file: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  const skippedProviders: LoadedConfig['skippedProviders'] = [];
  if (document && typeof document === 'object' && Array.isArray((document as { providers?: unknown }).providers)) {
    const kept: unknown[] = [];
    for (const provider of (document as { providers: unknown[] }).providers) {
      const required = (provider as { requiresEnv?: unknown })?.requiresEnv;
      const missing = Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string' && !env[name]) : [];
      if (missing.length > 0) skippedProviders.push({ id: String((provider as { id?: unknown }).id), missing });
      else kept.push(provider);
    }
    document = { ...(document as object), providers: kept };
  }
  const missing = new Set<string>();
  const interpolated = interpolateEnv(document, env, missing);
  const parsed = configSchema.safeParse(interpolated, parseOnce);
  if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error.issues));
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new ConfigError(file, problems);
  return { config: parsed.data, file, skippedProviders };
}

function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? String(segment) : `.${String(segment)}`;
  return text;
}

function crossCheck(config: GatewayConfig): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  config.providers.forEach((provider, index) => {
    if (seen.has(provider.id)) problems.push(`providers[${index}].id: duplicate provider id "${provider.id}"`);
    seen.add(provider.id);
    const inProcess = provider.adapter === 'llama-local';
    if (!provider.simulated && !provider.baseUrl && !inProcess) {
      problems.push(`providers[${index}].baseUrl: required unless the provider is simulated or in-process (adapter llama-local)`);
    }
    if (inProcess && provider.simulated) problems.push(`providers[${index}].simulated: a llama-local provider runs its models in-process; it cannot be simulated`);
    if (inProcess && provider.baseUrl) problems.push(`providers[${index}].baseUrl: a llama-local provider runs its models in-process; it has no base URL`);
    if (!inProcess && provider.llama) problems.push(`providers[${index}].llama: only for adapter llama-local`);
    const names = new Set<string>();
    provider.models.forEach((model, modelIndex) => {
      if (names.has(model.name)) problems.push(`providers[${index}].models[${modelIndex}].name: duplicate model "${model.name}" in provider "${provider.id}"`);
      names.add(model.name);
      if (inProcess && !model.file) problems.push(`providers[${index}].models[${modelIndex}].file: required for adapter llama-local (the GGUF file to run)`);
      if (!inProcess && model.file) problems.push(`providers[${index}].models[${modelIndex}].file: only for adapter llama-local`);
      if (model.name === 'auto' || model.aliases.includes('auto')) {
        problems.push(`providers[${index}].models[${modelIndex}]: "auto" is reserved (it lets the router choose)`);
      }
    });
  });
  problems.push(...mcpConfigProblems(config));
  const edgeNames = new Set<string>();
  config.edge.models.forEach((model, index) => {
    if (!model.file) problems.push(`edge.models[${index}].file: required (the GGUF file the device downloads from the gateway)`);
    if (edgeNames.has(model.name)) problems.push(`edge.models[${index}].name: duplicate model "${model.name}"`);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(model.name)) problems.push(`edge.models[${index}].name: letters, digits, ".", "_" and "-" only (it names a URL)`);
    edgeNames.add(model.name);
  });
  if (seen.has(config.edge.device.providerId)) problems.push(`edge.device.providerId: "${config.edge.device.providerId}" is already a provider id`);
  return problems;
}
