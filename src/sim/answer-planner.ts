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
  /**
   * Rounds of tool calls since the user last wrote (assistant turns calling tools after the last user message that
   * carries no tool result; a conversation ending in a tool result counts at least one). See {@link toolRoundsOf}.
   */
  toolRounds: number;
  /** The last text the user wrote (not a tool result): a tool named in it is the one called, a file path in it fills path arguments. */
  userText: string;
  /** Anthropic extended thinking was asked for: the answer starts with reasoning, its text shown or omitted. */
  thinking?: 'shown' | 'omitted';
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
  /** Reasoning before the answer (when the prompt asked for thinking): `text` empty when omitted. */
  reasoning?: { text: string; chunks: string[]; signature: string };
  /** Set when the simulator simulates prompt caching: the cached part of `inputTokens`. */
  promptCache?: { readTokens: number; writeTokens: number; writeTokens1h: number };
}

/** Estimated tokens of texts: ceil(characters / 4). */
export function estimateTokens(texts: readonly string[]): number {
  let characters = 0;
  for (const text of texts) characters += text.length;
  return Math.ceil(characters / 4);
}

/** How a turn of a conversation counts for {@link toolRoundsOf}. */
export type TurnKind = 'user' | 'tool-result' | 'tool-call' | 'other';

/**
 * Rounds of tool calls since the user last wrote: assistant turns that call tools after the last `user` turn (one
 * without tool results). A conversation that ends in tool results with no call before them counts one round.
 */
export function toolRoundsOf(turns: readonly TurnKind[]): number {
  let rounds = 0;
  let sawResult = false;
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index];
    if (turn === 'user') break;
    if (turn === 'tool-call') rounds++;
    else if (turn === 'tool-result') sawResult = true;
  }
  return rounds === 0 && sawResult ? 1 : rounds;
}

/**
 * The signature the simulator gives reasoning: derived from its visible text, so a signature that comes back
 * changed, or with other text, is told apart (as Anthropic checks thinking blocks sent back to it).
 */
export function reasoningSignature(text: string): string {
  return `sim_${hexId(`thinking|${text}`, 32)}`;
}

/**
 * Plans the answer to a prompt: a tool call while tools are offered and fewer tool rounds than the model's
 * `toolRounds` (default 1) happened since the user wrote (unless tool choice is `none`): the tool named in the
 * user's text, else the first. Otherwise deterministic text (a JSON object in JSON mode), capped at the request's
 * maximum output tokens. So an agent loop ends: after the tool results the model answers in text. Reasoning
 * precedes the answer when the prompt asked for thinking.
 */
export function planAnswer(prompt: SimulatedPrompt, model: SimulatedModel): SimulatedAnswer {
  const key = `${model.seed ?? 0}|${prompt.model}|${hashString(prompt.lastMessageText)}`;
  const answer = planContent(prompt, model, key);
  if (prompt.thinking) {
    const words = generateWords(`${key}|thinking`, 12);
    const text = prompt.thinking === 'shown' ? words.join(' ') : '';
    answer.reasoning = { text, chunks: prompt.thinking === 'shown' ? wordsToChunks(words) : [], signature: reasoningSignature(text) };
    answer.outputTokens += words.length;
  }
  return answer;
}

function planContent(prompt: SimulatedPrompt, model: SimulatedModel, key: string): SimulatedAnswer {
  const inputTokens = estimateTokens(prompt.texts);
  const tool = chooseTool(prompt, model.toolRounds ?? 1);
  if (tool) {
    const argumentsValue = valueForSchema(tool.schema, '', false, 0, { path: mentionedPath(prompt.userText) });
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

function chooseTool(prompt: SimulatedPrompt, toolRounds: number): SimulatedTool | undefined {
  if (prompt.tools.length === 0 || prompt.toolRounds >= toolRounds || prompt.toolChoice.type === 'none') return undefined;
  const choice = prompt.toolChoice;
  if (choice.type === 'tool') return prompt.tools.find((tool) => tool.name === choice.name) ?? prompt.tools[0];
  return namedTool(prompt.tools, prompt.userText) ?? prompt.tools[0];
}

/** The tool whose name the user's text mentions first (as a whole word), if any. */
function namedTool(tools: readonly SimulatedTool[], text: string): SimulatedTool | undefined {
  let best: { tool: SimulatedTool; at: number } | undefined;
  for (const tool of tools) {
    const at = new RegExp(`(?<![\\w-])${tool.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).exec(text)?.index;
    if (at !== undefined && (best === undefined || at < best.at)) best = { tool, at };
  }
  return best?.tool;
}

/** The first file path in a text (`/tmp/work/notes.txt`, `src/app.ts`), for arguments that name a file. */
function mentionedPath(text: string): string | undefined {
  return /(?<![\w/.-])(\/?[\w.-]+(?:\/[\w.-]+)*\.[A-Za-z][A-Za-z0-9]{0,7})(?![\w/])/.exec(text)?.[1];
}

function jsonAnswer(key: string, words: number, schema: Record<string, unknown> | undefined): string {
  const text = generateWords(key, words).join(' ');
  if (!schema) return JSON.stringify({ answer: text, words }, null, 1).replace(/\n/g, '');
  const value = valueForSchema(schema, '', true);
  return JSON.stringify(value, null, 1).replace(/\n/g, '');
}
