import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpCaller } from '../mcp-caller.ts';

/** One of Sovereign's own MCP tools (`chat`, `explain_route`, ...). */
export interface BuiltinTool {
  readonly definition: Tool;
  /** Whether the caller sees the tool and may call it. */
  allowed(caller: McpCaller): boolean;
  /** Runs the tool; a failure the model can act on is an `isError` result, never a throw. */
  call(args: Record<string, unknown>, caller: McpCaller, signal: AbortSignal): Promise<CallToolResult>;
}

/** A tool result with one text block, marked as an error when `isError`. */
export function textResult(text: string, isError = false): CallToolResult {
  return { content: [{ type: 'text', text }], ...(isError ? { isError: true } : {}) };
}

/** A JSON Schema for a tool's input or output, derived from its zod schema (what the model sees is what is checked). */
export function toolSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Tool['inputSchema'] {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json as Tool['inputSchema'];
}

/**
 * Builds a built-in tool from a zod input schema: arguments are checked before `run` sees them, and a check that
 * fails is an `isError` result naming each argument and what is wrong with it, so a model can correct its call.
 */
export function defineTool<Schema extends z.ZodType>(spec: {
  definition: Omit<Tool, 'inputSchema'>;
  input: Schema;
  allowed?: (caller: McpCaller) => boolean;
  run: (args: z.output<Schema>, caller: McpCaller, signal: AbortSignal) => Promise<CallToolResult>;
}): BuiltinTool {
  return {
    definition: { ...spec.definition, inputSchema: toolSchema(spec.input) },
    allowed: spec.allowed ?? (() => true),
    async call(args, caller, signal) {
      const parsed = spec.input.safeParse(args);
      if (!parsed.success) return textResult(`Invalid arguments for ${spec.definition.name}:\n${z.prettifyError(parsed.error)}`, true);
      return spec.run(parsed.data, caller, signal);
    },
  };
}
