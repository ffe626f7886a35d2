import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { GatewayError } from '../core/errors/gateway-error.ts';
import type { DataProfile } from '../core/profile/index.ts';
import { createCatalogIndex, type CatalogEntry } from '../server/catalog-index.ts';
import { ConfigError, loadConfigFile } from '../server/config/load-config.ts';
import { adapterFactories } from '../server/dialects/registry.ts';
import { createExplainer } from '../server/explain-request.ts';
import type { ClientDialect } from '../server/pipeline/context.ts';
import { createAdapters } from '../server/provider-registry.ts';
import { createSovereignty } from '../server/sovereignty.ts';

const help = `Usage: sovereign explain --request FILE [--dialect openai|anthropic] [--tenant T] [--country CC]
                         [--header "name: value"]... [--config FILE] [--json]

A dry run: profiles the request, evaluates the policies in force and asks the router, exactly as the gateway
would, then prints the decision (every candidate with its score, every exclusion with the policy and reason).
Nothing is sent anywhere. The request is a JSON body as a client would POST it (OpenAI chat completions by
default; --dialect anthropic for a Messages body). --header passes x-sovereign-classification,
x-sovereign-residency, x-sovereign-labels or x-sovereign-strategy.

Exit codes: 0 routed; 3 refused (403 by a policy or the key, 503 no allowed provider up); 2 invalid input (an
unreadable file, invalid JSON, a request the gateway would answer 400 or 404, a bad option: the parameter is
named); 78 bad configuration.`;

/** Invalid input: exit 2 with the parameter at fault named, on stderr (and on stdout as JSON with --json). */
function invalid(message: string, json: boolean, error?: GatewayError): number {
  const param = error?.param;
  process.stderr.write(`sovereign explain: invalid input${param ? ` (parameter ${param})` : ''}: ${message}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code: error?.code ?? 'invalid_input', status: error?.status ?? 400, message, ...(param ? { param } : {}) } })}\n`);
  return 2;
}

/** `sovereign explain`: why a request would go where it would, and why not elsewhere. */
export async function explainCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        request: { type: 'string' },
        dialect: { type: 'string', default: 'openai' },
        tenant: { type: 'string', default: 'default' },
        country: { type: 'string' },
        header: { type: 'string', multiple: true, default: [] },
        config: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`sovereign explain: ${(error as Error).message}\n${help}\n`);
    return 2;
  }
  const { values } = parsed;
  if (values.help || !values.request) {
    (values.help ? process.stdout : process.stderr).write(`${help}\n`);
    return values.help ? 0 : 2;
  }
  const dialect = values.dialect as ClientDialect;
  if (dialect !== 'openai' && dialect !== 'anthropic') return invalid(`--dialect is openai or anthropic, not "${String(dialect)}"`, values.json);
  let requestText: string;
  try {
    requestText = readFileSync(values.request, 'utf8');
  } catch (error) {
    return invalid(`--request: cannot read ${values.request} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, values.json);
  }
  const configFile = values.config ?? process.env.SOVEREIGN_CONFIG ?? 'config/default.yaml';
  let loaded;
  try {
    loaded = loadConfigFile(configFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
  const config = loaded.config;
  const providers = config.providers.filter((provider) => provider.enabled);
  const sovereignty = createSovereignty(config, providers, configFile);
  // Adapters are built only so candidates are complete; nothing calls them (simulated ones get a dead address).
  const adapters = createAdapters(providers, {
    factories: adapterFactories,
    simulatedBaseUrls: new Map(providers.filter((provider) => provider.simulated).map((provider) => [provider.id, 'http://127.0.0.1:9/'])),
    upstreamTimeoutMs: config.server.upstreamTimeoutMs,
  });
  const entries: CatalogEntry[] = providers.flatMap((provider) =>
    provider.models.map((model) => ({ provider, model, adapter: adapters.get(provider.id)! })),
  );
  const headers = new Headers();
  for (const header of values.header) {
    const colon = header.indexOf(':');
    if (colon < 1) return invalid(`--header "${header}" is not "name: value"`, values.json);
    headers.set(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
  }
  const principal = {
    tenant: values.tenant,
    keyId: 'explain',
    scopes: ['*'],
    clearance: 'UNCLASSIFIED' as const,
    labels: [],
    ...(values.country ? { country: values.country } : {}),
  };
  let outcome;
  try {
    // The same dry run as the dashboard's policy simulator (src/server/explain-request.ts).
    const explain = createExplainer({ config, sovereignty, catalog: createCatalogIndex(entries) });
    outcome = await explain({ dialect, bodyText: requestText, headers, principal });
  } finally {
    await Promise.all([...adapters.values()].map((adapter) => adapter.close?.()));
  }
  if (!outcome.routed) {
    const error = outcome.error;
    // A refusal is an answer about the request (exit 3); anything the gateway would answer 400 or 404 is bad input.
    if (error.status !== 403 && error.status !== 503) return invalid(error.message, values.json, error);
    const profileLine = outcome.profile ? describeProfile(outcome.profile) : '';
    if (values.json) process.stdout.write(`${JSON.stringify({ error: { code: error.code, status: error.status, message: error.message, ...error.details }, profile: outcome.profile, policies: outcome.policies })}\n`);
    else process.stdout.write(`${profileLine}Refused (${error.status} ${error.code}): ${error.message}\n`);
    return 3;
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ profile: outcome.profile, decision: outcome.decision })}\n`);
  else process.stdout.write(`${describeProfile(outcome.profile)}${outcome.explanation}\n`);
  return 0;
}

function describeProfile(profile: DataProfile): string {
  const kinds = [...profile.personalData.map((item) => `${item.kind} x${item.count}`), ...profile.secrets.map((item) => `${item.kind} x${item.count}`)];
  return `Profile: ${profile.classification}${profile.markings.length ? ` (markings ${profile.markings.join(', ')})` : ''}; `
    + `${kinds.length ? `found ${kinds.join(', ')}` : 'no personal data or secrets found'}`
    + `${profile.residency.length ? `; residency ${profile.residency.join(' and ')}` : ''}.\n`;
}
