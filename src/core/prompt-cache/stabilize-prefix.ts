import type { ChatRequest, ToolDefinition } from '../canonical/request.ts';

export interface StablePrefixOptions {
  /** Order tools by name (default true): a client that lists the same tools in a varying order gets one prefix. */
  sortTools?: boolean;
  /**
   * Order the keys of every object inside tool input schemas (default false). Only for clients that build
   * schemas from unordered maps: it also reorders `properties`, and models tend to write arguments in that order.
   */
  sortSchemaKeys?: boolean;
}

/**
 * Keeps the front of a request byte-stable from one request to the next, so automatic prefix caches (OpenAI,
 * Gemini) keep hitting: tools, which providers render before the messages, in one order. Changes no text and no
 * meaning, only the order in which the same tool definitions are listed. Returns the same object when the
 * request is already in that order. Deterministic and pure.
 * @see https://developers.openai.com/api/docs/guides/prompt-caching ("tools ... must be identical between requests")
 */
export function stabilizePrefix(request: ChatRequest, options: StablePrefixOptions = {}): ChatRequest {
  if (!request.tools || request.tools.length === 0) return request;
  let tools = request.tools;
  if (options.sortSchemaKeys === true) {
    const sorted = tools.map((tool) => {
      const inputSchema = sortKeys(tool.inputSchema) as Record<string, unknown>;
      return JSON.stringify(inputSchema) === JSON.stringify(tool.inputSchema) ? tool : { ...tool, inputSchema };
    });
    if (sorted.some((tool, index) => tool !== tools[index])) tools = sorted;
  }
  if ((options.sortTools ?? true) && !isSortedByName(tools)) tools = [...tools].sort(byName);
  return tools === request.tools ? request : { ...request, tools };
}

function byName(left: ToolDefinition, right: ToolDefinition): number {
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

function isSortedByName(tools: ToolDefinition[]): boolean {
  for (let index = 1; index < tools.length; index++) if (byName(tools[index - 1] as ToolDefinition, tools[index] as ToolDefinition) > 0) return false;
  return true;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
