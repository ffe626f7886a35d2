import type { ChatRequest } from '../../../core/canonical/request.ts';
import { SERVER_TOOLS_OPTION } from '../../../providers/anthropic/to-anthropic-tools.ts';

/** A request feature only Anthropic providers can carry out, with the parameter that asked for it. */
export interface AnthropicOnlyFeature {
  param: string;
  message: string;
}

/** Top-level fields that ask an Anthropic provider to do work no other provider can do for it. */
const providerSideFields: Record<string, string> = {
  mcp_servers: 'MCP servers are called by Anthropic on the request\'s behalf',
  container: 'code execution containers run at Anthropic',
};

/**
 * The features of an Anthropic client's request that only an Anthropic provider can honour: server tools
 * (`web_search_...`, `code_execution_...`: the provider runs them), `context_management` edits other than clearing
 * thinking, MCP servers and containers. The route stage sends such a request only to Anthropic providers (with the
 * client's `anthropic-beta`) and refuses it with a 400 naming the parameter when none may serve it.
 *
 * The other beta fields are translated for other providers, never sent to them: `thinking` (with `display`) and
 * `output_config.effort` leave the reasoning to the provider's own default, and `clear_thinking_*` edits are what
 * the translation does anyway (reasoning is never sent to a provider of another dialect).
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/overview#server-tools
 * @see https://docs.anthropic.com/en/docs/build-with-claude/context-editing
 */
export function anthropicOnlyFeatures(request: ChatRequest): AnthropicOnlyFeature[] {
  const options = request.providerOptions?.anthropic;
  if (options === undefined) return [];
  const features: AnthropicOnlyFeature[] = [];
  const serverTools = options[SERVER_TOOLS_OPTION];
  if (Array.isArray(serverTools)) {
    for (const tool of serverTools as Array<{ type?: unknown; name?: unknown }>) {
      features.push({ param: 'tools', message: `the server tool ${String(tool.type ?? tool.name)} is run by Anthropic` });
    }
  }
  const edits = (options.context_management as { edits?: unknown } | undefined)?.edits;
  if (Array.isArray(edits)) {
    edits.forEach((edit: { type?: unknown }, index) => {
      const type = typeof edit?.type === 'string' ? edit.type : '';
      if (!type.startsWith('clear_thinking')) features.push({ param: `context_management.edits[${index}].type`, message: `the context edit ${type || '(no type)'} is applied by Anthropic` });
    });
  }
  for (const [field, reason] of Object.entries(providerSideFields)) {
    if (options[field] !== undefined && options[field] !== null) features.push({ param: field, message: reason });
  }
  return features;
}
