import { z } from 'zod';
import type { UsageQuery, UsageRow } from '../../store/ledger-repository.ts';
import { defineTool, toolSchema, type BuiltinTool } from './builtin-tool.ts';

const totalsSchema = z.strictObject({
  model: z.string().optional(),
  day: z.string().optional(),
  requests: z.number().int(),
  errors: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
});
const usageOutputSchema = z.strictObject({ from: z.string(), to: z.string(), rows: z.array(totalsSchema) });

const dayMs = 86_400_000;

/**
 * `usage`: the caller's own spend from the ledger: its key's requests, tokens and cost, over the last `days` days,
 * in total or by model or day. Never another key's or tenant's (the query is bound to the caller's key).
 */
export function usageTool(usage: (query: UsageQuery) => Promise<UsageRow[]>, now: () => number = Date.now): BuiltinTool {
  return defineTool({
    definition: {
      name: 'usage',
      title: 'My usage',
      description: "This API key's own requests, tokens and cost (USD) from Sovereign's ledger, in total or by model or day.",
      outputSchema: toolSchema(usageOutputSchema, 'output'),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    input: z.strictObject({
      days: z.number().int().min(1).max(366).default(30).describe('How many days back (default 30).'),
      groupBy: z.enum(['total', 'model', 'day']).default('total').describe('One total row, or a row per model or per UTC day.'),
    }),
    async run(input, caller) {
      const to = now();
      const from = to - input.days * dayMs;
      const groupBy = input.groupBy === 'total' ? [] : [input.groupBy];
      const rows = await usage({ tenant: caller.principal.tenant, keyId: caller.principal.keyId, from, to: to + 1, groupBy });
      const shown = rows.map((row) => ({
        ...(row.model === undefined ? {} : { model: row.model }),
        ...(row.day === undefined ? {} : { day: row.day }),
        requests: row.requests,
        errors: row.errors,
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        costUsd: row.costUsd,
      }));
      const text = shown
        .map((row) => `${row.model ?? row.day ?? 'total'}: ${row.requests} requests, ${row.inputTokens} in / ${row.outputTokens} out tokens, $${row.costUsd.toFixed(6)}`)
        .join('\n');
      return {
        content: [{ type: 'text', text: text || 'No usage in that period.' }],
        structuredContent: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), rows: shown },
      };
    },
  });
}
