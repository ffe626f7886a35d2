import type { Principal } from '../core/principal.ts';

/**
 * The `x-sovereign-*` declarations a model request may carry, which an MCP caller may send too (and pass on to the
 * `chat` tool's model request): classification, residency, labels, strategy, and the conversation id that scopes
 * the tool-result memory.
 */
export const declarationHeaderNames = ['x-sovereign-classification', 'x-sovereign-residency', 'x-sovereign-labels', 'x-sovereign-strategy', 'x-sovereign-conversation'] as const;

/** Who is calling a tool, as every MCP tool sees it. */
export interface McpCaller {
  principal: Principal;
  /** `x-sovereign-*` headers of the HTTP request (none over stdio), by lower-case name. */
  declarations: Readonly<Record<string, string>>;
  /** How the caller reached the gateway. */
  transport: 'http' | 'stdio';
}

/** The `x-sovereign-*` declarations of a request's headers. */
export function declarationsOf(headers: { get(name: string): string | null }): Record<string, string> {
  const declarations: Record<string, string> = {};
  for (const name of declarationHeaderNames) {
    const value = headers.get(name);
    if (value !== null) declarations[name] = value;
  }
  return declarations;
}
