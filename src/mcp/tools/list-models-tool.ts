import { z } from 'zod';
import type { CatalogIndex } from '../../server/catalog-index.ts';
import { hasEndpointScope, isModelAllowed, type ScopedPrincipal } from '../../security/keys/check-scope.ts';
import { defineTool, toolSchema, type BuiltinTool } from './builtin-tool.ts';

const modelSchema = z.strictObject({
  model: z.string(),
  provider: z.string(),
  kind: z.enum(['chat', 'embeddings']),
  tier: z.string().describe('`local`, `cloud` or `edge`.'),
  jurisdiction: z.string().describe('Where inference runs (ISO 3166-1 alpha-2).'),
  operatorCountry: z.string().describe("The operator's home country."),
  clearance: z.string().describe('The highest classification the provider is accredited for.'),
  contextWindow: z.number().int(),
  priceUsdPerMillion: z.strictObject({ input: z.number(), output: z.number() }),
});
const listOutputSchema = z.strictObject({ models: z.array(modelSchema) });

/**
 * `list_models`: the models this caller's key may use (its endpoint scopes and model patterns), each with the
 * provider serving it and where that provider runs, so an agent can see where its data could go. Policies decide
 * per request what is allowed (`explain_route` answers for one request).
 */
export function listModelsTool(catalog: CatalogIndex): BuiltinTool {
  return defineTool({
    definition: {
      name: 'list_models',
      title: 'List models',
      description: 'The models this API key may use, with each provider\'s jurisdiction, tier, clearance and price. Policies may narrow this per request (use explain_route).',
      outputSchema: toolSchema(listOutputSchema, 'output'),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    input: z.strictObject({
      kind: z.enum(['chat', 'embeddings']).optional().describe('Only chat or only embedding models.'),
      jurisdiction: z.string().length(2).optional().describe('Only providers in this country (ISO 3166-1 alpha-2).'),
    }),
    async run(input, caller) {
      const principal = caller.principal as ScopedPrincipal;
      const models = catalog.entries
        .map(({ provider, model }) => ({ provider, model, kind: model.capabilities.embeddings ? ('embeddings' as const) : ('chat' as const) }))
        .filter(({ kind }) => input.kind === undefined || kind === input.kind)
        .filter(({ kind }) => hasEndpointScope(principal, kind))
        .filter(({ model }) => isModelAllowed(principal, model.name))
        .filter(({ provider }) => input.jurisdiction === undefined || provider.jurisdiction === input.jurisdiction.toUpperCase())
        .map(({ provider, model, kind }) => ({
          model: model.name,
          provider: provider.id,
          kind,
          tier: provider.tier,
          jurisdiction: provider.jurisdiction,
          operatorCountry: provider.operator.country,
          clearance: provider.clearance,
          contextWindow: model.contextWindow,
          priceUsdPerMillion: { input: model.price.input, output: model.price.output },
        }));
      const lines = models.map((entry) => `${entry.model} via ${entry.provider} (${entry.tier}, ${entry.jurisdiction}, cleared ${entry.clearance})`);
      return { content: [{ type: 'text', text: lines.length > 0 ? lines.join('\n') : 'No model is available to this key.' }], structuredContent: { models } };
    },
  });
}
