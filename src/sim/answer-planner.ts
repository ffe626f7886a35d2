import { generateWords, hashString, hexId, splitIntoFragments, splitIntoWordChunks, wordsToChunks } from './text-generator.ts';
import { valueForSchema } from './schema-values.ts';
import type { SimulatedModel } from './simulator-types.ts';

/** A tool the request offers, in any dialect. */
export interface SimulatedTool {
  name: string;
  schema: Record<string, unknown>;
}

/**
 * What the simulator needs from a chat request, whatever the dialect: each dialect's parser produces this,
 * so the answer is planned once and only rendered per dialect.
 */
export interface SimulatedPrompt {
  model: string;
  stream: boolean;
  /** Every text in the messages (system, user, assistant, tool results), for the input token estimate. */
  texts: string[];
  /** The text of the last message the client sent: it seeds the answer. */
  lastMessageText: string;
  /** The last message is a tool result: answer with text even when tools are offered. */
  lastIsToolResult: boolean;
  tools: SimulatedTool[];
  toolChoice: { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };
  maxOutputTokens?: number;
  /** JSON mode; with a schema the answer follows it. */
  responseFormat?: { type: 'json'; schema?: Record<string, unknown> };
  /** OpenAI `stream_options.include_usage`. */
  includeUsage?: boolean;
  /** Gemini streams as SSE (`alt=sse`) or as one JSON array (no `alt`). */
  framing?: 'sse' | 'json-array';
}

export interface SimulatedToolCall {
  /** A deterministic hex suffix; each dialect adds its own prefix (`call_`, `toolu_`). */
  idSuffix: string;
  name: string;
  arguments: Record<string, unknown>;
  argumentsJson: string;
  /** The JSON text in stream fragments. */
  fragments: string[];
}

export interface SimulatedAnswer {
  inputTokens: number;
  /** Content chunks produced: words for text, fragments for a tool call. */
  outputTokens: number;
  finish: 'stop' | 'length' | 'tool-call';
  /** The whole text (empty for a tool call). */
  text: string;
  /** The text as stream chunks, one word each; they concatenate to `text`. */
  chunks: string[];
  toolCall?: SimulatedToolCall;
  /** Set when the simulator simulates prompt caching: the cached part of `inputTokens`. */
  promptCache?: { readTokens: number; writeTokens: number; writeTokens1h: number };
}

/** Estimated tokens of texts: ceil(characters / 4). */
export function estimateTokens(texts: readonly string[]): number {
  let characters = 0;
  for (const text of texts) characters += text.length;
  return Math.ceil(characters / 4);
}

/**
 * Plans the answer to a prompt: a tool call when tools are offered and the last message is not a tool result
 * (unless tool choice is `none`), else deterministic text (a JSON object in JSON mode), capped at the request's
 * maximum output tokens.
 */
export function planAnswer(prompt: SimulatedPrompt, model: SimulatedModel): SimulatedAnswer {
  const key = `${model.seed ?? 0}|${prompt.model}|${hashString(prompt.lastMessageText)}`;
  const inputTokens = estimateTokens(prompt.texts);
  const tool = chooseTool(prompt);
  if (tool) {
    const argumentsValue = valueForSchema(tool.schema);
    const args = typeof argumentsValue === 'object' && argumentsValue !== null ? (argumentsValue as Record<string, unknown>) : {};
    const argumentsJson = JSON.stringify(args);
    const fragments = splitIntoFragments(argumentsJson, 8);
    return {
      inputTokens,
      outputTokens: fragments.length,
      finish: 'tool-call',
      text: '',
      chunks: [],
      toolCall: { idSuffix: hexId(`${key}|${tool.name}`), name: tool.name, arguments: args, argumentsJson, fragments },
    };
  }
  const wanted = Math.max(1, model.outputTokens ?? 24);
  const fullChunks = prompt.responseFormat ? splitIntoWordChunks(jsonAnswer(key, wanted, prompt.responseFormat.schema)) : wordsToChunks(generateWords(key, wanted));
  const limit = prompt.maxOutputTokens;
  const chunks = limit !== undefined && limit >= 0 && limit < fullChunks.length ? fullChunks.slice(0, limit) : fullChunks;
  return {
    inputTokens,
    outputTokens: chunks.length,
    finish: chunks.length < fullChunks.length ? 'length' : 'stop',
    text: chunks.join(''),
    chunks,
  };
}

function chooseTool(prompt: SimulatedPrompt): SimulatedTool | undefined {
  if (prompt.tools.length === 0 || prompt.lastIsToolResult || prompt.toolChoice.type === 'none') return undefined;
  const choice = prompt.toolChoice;
  if (choice.type === 'tool') return prompt.tools.find((tool) => tool.name === choice.name) ?? prompt.tools[0];
  return prompt.tools[0];
}

function jsonAnswer(key: string, words: number, schema: Record<string, unknown> | undefined): string {
  const text = generateWords(key, words).join(' ');
  if (!schema) return JSON.stringify({ answer: text, words }, null, 1).replace(/\n/g, '');
  const value = valueForSchema(schema, '', true);
  return JSON.stringify(value, null, 1).replace(/\n/g, '');
}
