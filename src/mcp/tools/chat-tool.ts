import type { CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { ModelExchange, ModelRoute } from '../../server/app.ts';
import type { Reply } from '../../server/http/reply.ts';
import { parseJsonBody } from '../../server/http/parse-json-body.ts';
import { chatBody, chatHeaders, chatInputSchema } from './chat-input.ts';
import { defineTool, textResult, toolSchema, type BuiltinTool } from './builtin-tool.ts';
import { hasEndpointScope } from '../../security/keys/check-scope.ts';

/** Runs a model request through the gateway's pipeline (`createModelHandler`). */
export type ModelHandler = (route: ModelRoute, exchange: ModelExchange) => Promise<Reply>;

const chatRoute: ModelRoute = { dialect: 'openai', endpoint: 'chat' };

const chatOutputSchema = z.strictObject({
  text: z.string().describe('The answer.'),
  model: z.string().describe('The model that answered.'),
  provider: z.string().optional().describe('The provider that served it.'),
  decision: z.string().optional().describe('The routing decision (`GET /v1/decisions/{id}` explains it).'),
  costUsd: z.number().optional(),
  inputTokens: z.number().int().optional(),
  outputTokens: z.number().int().optional(),
  finishReason: z.string().optional(),
});

/**
 * `chat`: a completion routed under the caller's own policies. The request goes through the same pipeline as
 * `POST /v1/chat/completions` (profile, policies, routing, rate limits, budgets, ledger, audit) as the caller's key,
 * so a tool call can do nothing the key could not do over HTTP; it needs the `chat` scope as well as `mcp`.
 */
export function chatTool(handleModel: ModelHandler): BuiltinTool {
  return defineTool({
    definition: {
      name: 'chat',
      title: 'Chat through Sovereign',
      description:
        "Ask a model through Sovereign. The request is profiled (personal data, credentials, classification markings) and routed only to providers the caller's policies allow; the answer says which model and provider served it and what it cost.",
      outputSchema: toolSchema(chatOutputSchema, 'output'),
      annotations: { readOnlyHint: false, openWorldHint: true },
    },
    input: chatInputSchema,
    allowed: (caller) => hasEndpointScope(caller.principal, 'chat'),
    async run(input, caller, signal) {
      const text = JSON.stringify(chatBody(input));
      const reply = await handleModel(chatRoute, {
        headers: chatHeaders(input, caller),
        signal,
        principal: caller.principal,
        readBody: async (limits) => {
          if (Buffer.byteLength(text) > limits.bodyLimitBytes) throw new GatewayError('payload_too_large');
          return { value: parseJsonBody(text, limits.maxJsonDepth), text };
        },
      });
      return chatResult(reply);
    },
  });
}

/** The tool result for the pipeline's reply: the answer with where it ran, or the refusal as an error result. */
function chatResult(reply: Reply): CallToolResult {
  const body = typeof reply.body === 'string' ? reply.body : reply.body instanceof Uint8Array ? Buffer.from(reply.body).toString('utf8') : undefined;
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = body === undefined ? undefined : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    parsed = undefined;
  }
  if (reply.status !== 200 || !parsed) {
    const error = (parsed?.error ?? {}) as { message?: string; code?: string };
    return textResult(`Refused (${reply.status}${error.code ? ` ${error.code}` : ''}): ${error.message ?? 'the gateway could not answer'}`, true);
  }
  const choice = (parsed.choices as Array<{ message?: { content?: string | null; tool_calls?: unknown[] }; finish_reason?: string }> | undefined)?.[0];
  const usage = parsed.usage as { prompt_tokens?: number; completion_tokens?: number } | undefined;
  const cost = reply.headers['x-sovereign-cost-usd'];
  const structured = {
    text: choice?.message?.content ?? '',
    model: String(parsed.model ?? ''),
    ...(reply.headers['x-sovereign-provider'] ? { provider: reply.headers['x-sovereign-provider'] } : {}),
    ...(reply.headers['x-sovereign-decision'] ? { decision: reply.headers['x-sovereign-decision'] } : {}),
    ...(cost !== undefined && Number.isFinite(Number(cost)) ? { costUsd: Number(cost) } : {}),
    ...(usage?.prompt_tokens === undefined ? {} : { inputTokens: usage.prompt_tokens }),
    ...(usage?.completion_tokens === undefined ? {} : { outputTokens: usage.completion_tokens }),
    ...(choice?.finish_reason ? { finishReason: choice.finish_reason } : {}),
  };
  return { content: [{ type: 'text', text: structured.text }], structuredContent: structured };
}
