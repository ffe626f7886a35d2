import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GatewayError } from '../core/errors/gateway-error.ts';
import { explainDecision } from '../core/router/index.ts';
import { createCatalogIndex, type CatalogEntry } from '../server/catalog-index.ts';
import { ConfigError, loadConfigFile } from '../server/config/load-config.ts';
import { createMemoryDecisionStore } from '../server/decision-store.ts';
import { adapterFactories, clientCodecs } from '../server/dialects/registry.ts';
import { compose } from '../server/pipeline/compose.ts';
import type { ClientDialect, PipelineContext } from '../server/pipeline/context.ts';
import { createCircuitBreaker } from '../server/reliability/circuit-breaker.ts';
import { createAdapters } from '../server/provider-registry.ts';
import { parseJsonBody } from '../server/http/parse-json-body.ts';
import { createSovereignty } from '../server/sovereignty.ts';
import { enforce } from '../server/stages/enforce.ts';
import { profile } from '../server/stages/profile.ts';
import { route } from '../server/stages/route.ts';

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
  const tenant = config.tenants[values.tenant];
  const headers = new Headers();
  for (const header of values.header) {
    const colon = header.indexOf(':');
    if (colon < 1) return invalid(`--header "${header}" is not "name: value"`, values.json);
    headers.set(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
  }
  const context: PipelineContext = {
    requestId: 'explain',
    dialect,
    endpoint: 'chat',
    headers,
    signal: new AbortController().signal,
    receivedAt: Date.now(),
    readBody: async () => ({ value: {}, text: '{}' }),
    passthrough: false,
    responseHeaders: {},
    finalizers: [],
    principal: {
      tenant: values.tenant,
      keyId: 'explain',
      scopes: ['*'],
      clearance: 'UNCLASSIFIED',
      labels: [],
      ...(values.country ? { country: values.country } : {}),
    },
  };
  try {
    context.body = parseJsonBody(requestText, config.server.maxJsonDepth);
    context.request = clientCodecs[dialect].parseChatRequest(context.body);
    await compose<PipelineContext>([
      profile({ maxJsonDepth: config.server.maxJsonDepth, tenantDefaults: () => ({ ...(tenant?.defaults.classification ? { classification: tenant.defaults.classification } : {}), ...(tenant?.defaults.residency ? { residency: tenant.defaults.residency } : {}) }) }),
      enforce({ policiesFor: sovereignty.policiesFor, tenantLabels: () => tenant?.labels ?? [], tenantCountry: () => tenant?.country }),
      route({
        catalog: createCatalogIndex(entries),
        router: sovereignty.router,
        health: createCircuitBreaker(),
        decisions: createMemoryDecisionStore(1),
        defaultStrategy: config.routing.defaultStrategy,
        tenantStrategy: () => tenant?.defaults.strategy,
        qualityFloor: config.routing.qualityFloor,
      }),
    ])(context);
  } catch (thrown) {
    const error = GatewayError.from(thrown);
    if (error.code === 'internal_error') throw thrown;
    // A refusal is an answer about the request (exit 3); anything the gateway would answer 400 or 404 is bad input.
    if (error.status !== 403 && error.status !== 503) return invalid(error.message, values.json, error);
    const profileLine = context.profile ? describeProfile(context.profile) : '';
    if (values.json) process.stdout.write(`${JSON.stringify({ error: { code: error.code, status: error.status, message: error.message, ...error.details }, profile: context.profile, policies: context.policy?.matched })}\n`);
    else process.stdout.write(`${profileLine}Refused (${error.status} ${error.code}): ${error.message}\n`);
    return 3;
  } finally {
    await Promise.all([...adapters.values()].map((adapter) => adapter.close?.()));
  }
  const decision = context.decision!.explained!;
  if (values.json) process.stdout.write(`${JSON.stringify({ profile: context.profile, decision })}\n`);
  else process.stdout.write(`${describeProfile(context.profile!)}${explainDecision(decision)}\n`);
  return 0;
}

function describeProfile(profile: NonNullable<PipelineContext['profile']>): string {
  const kinds = [...profile.personalData.map((item) => `${item.kind} x${item.count}`), ...profile.secrets.map((item) => `${item.kind} x${item.count}`)];
  return `Profile: ${profile.classification}${profile.markings.length ? ` (markings ${profile.markings.join(', ')})` : ''}; `
    + `${kinds.length ? `found ${kinds.join(', ')}` : 'no personal data or secrets found'}`
    + `${profile.residency.length ? `; residency ${profile.residency.join(' and ')}` : ''}.\n`;
}
