import type { AssistantContentPart, ToolResultPart } from '../canonical/message.ts';
import type { ChatRequest, ToolDefinition } from '../canonical/request.ts';
import { minifyJsonText } from './minify-json-text.ts';
import { normalizeWhitespace } from './normalize-whitespace.ts';
import { mapShared, rewriteMessages } from './rewrite-messages.ts';

/** Which lossless techniques to apply; both default to on. */
export interface LosslessCompressionOptions {
  /** Minify tool results and tool-call arguments that are valid JSON objects or arrays. */
  json?: boolean;
  /** Normalise trailing whitespace and blank-line runs in system text and tool descriptions. */
  whitespace?: boolean;
}

/** What a compression pass changed, in UTF-16 code units (the gateway counts tokens later, off the hot path). */
export interface CompressionStats {
  toolResultsMinified: number;
  toolArgumentsMinified: number;
  textsNormalized: number;
  charactersBefore: number;
  charactersAfter: number;
}

export interface CompressedRequest {
  /** The same object as the input when nothing changed. */
  request: ChatRequest;
  stats: CompressionStats;
}

/**
 * Lossless compression of a canonical chat request: the model receives the same information in fewer tokens.
 *
 * - `json`: tool results and tool-call arguments that are valid JSON objects or arrays lose their insignificant
 *   whitespace ({@link minifyJsonText}: no re-serialisation, so numbers, escapes and key order stay as written).
 *   Agent tool results are often pretty-printed or written with Python's `", "`/`": "` separators; on the
 *   tau-bench airline trajectories this removes about a fifth of the tool-result tokens.
 * - `whitespace`: {@link normalizeWhitespace} on system text and tool descriptions only.
 *
 * Tool input schemas are objects, not text: adapters serialise them compactly and providers render them in their
 * own format, so there is nothing to minify in them. User and assistant prose is never touched. Deterministic:
 * the same request always compresses to the same bytes, which keeps provider prompt-cache prefixes stable from
 * turn to turn. Pure; never mutates its input.
 * @see https://platform.openai.com/docs/guides/prompt-caching
 */
export function compressRequest(request: ChatRequest, options: LosslessCompressionOptions = {}): CompressedRequest {
  const json = options.json ?? true;
  const whitespace = options.whitespace ?? true;
  const stats: CompressionStats = { toolResultsMinified: 0, toolArgumentsMinified: 0, textsNormalized: 0, charactersBefore: 0, charactersAfter: 0 };
  const measure = (before: string, after: string): void => {
    stats.charactersBefore += before.length;
    stats.charactersAfter += after.length;
  };

  const normalize = (text: string): string => {
    const normalized = normalizeWhitespace(text);
    if (normalized !== text) {
      stats.textsNormalized++;
      measure(text, normalized);
    }
    return normalized;
  };

  let compressed = rewriteMessages(request, {
    ...(whitespace ? { systemText: normalize } : {}),
    ...(json
      ? {
          assistantPart: (part: AssistantContentPart): AssistantContentPart => {
            if (part.type !== 'tool-call') return part;
            const minified = minifyJsonText(part.arguments);
            if (minified === part.arguments) return part;
            stats.toolArgumentsMinified++;
            measure(part.arguments, minified);
            return { ...part, arguments: minified };
          },
          toolResult: (part: ToolResultPart): ToolResultPart => {
            const minified = minifyToolResult(part);
            if (minified !== part) stats.toolResultsMinified++;
            return minified;
          },
        }
      : {}),
  });

  if (whitespace && compressed.tools) {
    const tools = mapShared(compressed.tools, (tool): ToolDefinition => {
      if (tool.description === undefined) return tool;
      const description = normalize(tool.description);
      return description === tool.description ? tool : { ...tool, description };
    });
    if (tools !== compressed.tools) compressed = { ...compressed, tools };
  }
  return { request: compressed, stats };

  function minifyToolResult(part: ToolResultPart): ToolResultPart {
    if (typeof part.content === 'string') {
      const minified = minifyJsonText(part.content);
      if (minified === part.content) return part;
      measure(part.content, minified);
      return { ...part, content: minified };
    }
    const content = mapShared(part.content, (item) => {
      if (item.type !== 'text') return item;
      const minified = minifyJsonText(item.text);
      if (minified === item.text) return item;
      measure(item.text, minified);
      return { ...item, text: minified };
    });
    return content === part.content ? part : { ...part, content };
  }
}
