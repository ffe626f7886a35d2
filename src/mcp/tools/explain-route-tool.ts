import { z } from 'zod';
import type { ExplainInput, ExplainOutcome } from '../../server/explain-request.ts';
import { chatBody, chatHeaders, chatInputSchema } from './chat-input.ts';
import { defineTool, textResult, toolSchema, type BuiltinTool } from './builtin-tool.ts';

/** The dry run of `sovereign explain` (`createExplainer`). */
export type Explainer = (input: ExplainInput) => Promise<ExplainOutcome>;

const explainOutputSchema = z.strictObject({
  routed: z.boolean().describe('Whether the request would be served.'),
  model: z.string().optional().describe('The model it would go to first.'),
  provider: z.string().optional().describe('The provider serving it.'),
  jurisdiction: z.string().optional().describe('Where that provider runs inference.'),
  tier: z.string().optional(),
  classification: z.string().optional().describe('The classification the request carries (detected, declared or the tenant default).'),
  personalData: z.array(z.string()).optional().describe('Kinds of personal data found.'),
  policies: z.array(z.string()).optional().describe('The policies in force for it.'),
  fallbacks: z.array(z.string()).optional().describe('The other candidates, best first, as `provider/model`.'),
  excluded: z.number().int().optional().describe('Candidates excluded (by policy, capability or context window).'),
  refusal: z.string().optional().describe('Why it would be refused.'),
});

/**
 * `explain_route`: where a chat request would go under the caller's policies, and why, without sending it. The
 * same profile, enforce and route stages as a served request (see `createExplainer`); nothing is dispatched, stored
 * or charged. A refusal is the answer, not a failed call.
 */
export function explainRouteTool(explain: Explainer): BuiltinTool {
  return defineTool({
    definition: {
      name: 'explain_route',
      title: 'Explain a routing decision',
      description:
        "Dry run: where Sovereign would send a chat request under the caller's policies (model, provider, jurisdiction), which policies apply and what the request carries. Nothing is sent to a model.",
      outputSchema: toolSchema(explainOutputSchema, 'output'),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    input: chatInputSchema,
    async run(input, caller) {
      const outcome = await explain({ dialect: 'openai', bodyText: JSON.stringify(chatBody(input)), headers: chatHeaders(input, caller), principal: caller.principal });
      if (!outcome.routed) {
        const structured = {
          routed: false,
          refusal: outcome.error.message,
          ...(outcome.profile ? { classification: outcome.profile.classification, personalData: outcome.profile.personalData.map((found) => found.kind) } : {}),
          ...(outcome.policies ? { policies: [...outcome.policies] } : {}),
        };
        return { content: [{ type: 'text', text: `Would be refused (${outcome.error.code}): ${outcome.error.message}` }], structuredContent: structured };
      }
      const [first, ...rest] = outcome.decision.candidates;
      if (!first) return textResult('No candidate.', true);
      const structured = {
        routed: true,
        model: first.model,
        provider: first.providerId,
        jurisdiction: first.jurisdiction,
        tier: first.tier,
        classification: outcome.profile.classification,
        personalData: outcome.profile.personalData.map((found) => found.kind),
        policies: [...outcome.decision.policies],
        fallbacks: rest.map((candidate) => `${candidate.providerId}/${candidate.model}`),
        excluded: outcome.decision.excluded.length,
      };
      return { content: [{ type: 'text', text: outcome.explanation }], structuredContent: structured };
    },
  });
}
