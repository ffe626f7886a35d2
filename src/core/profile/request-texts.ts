import type { ChatRequest } from '../canonical/request.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { jsonPath } from '../errors/shown-text.ts';
import { scanJsonText } from '../wire/scan-json-text.ts';
import { detectFindings } from './detect-findings.ts';

/**
 * The message texts of a canonical chat request, one string each: message text (reasoning and plain-text documents
 * included), tool-call arguments and tool results (text parts), in message order. This is the prompt as a reader sees it (the `audit-prompt` action
 * records it); what the detectors must see is wider, see {@link bodyTexts}.
 */
export function requestTexts(request: ChatRequest): string[] {
  const texts: string[] = [];
  for (const message of request.messages) {
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') texts.push(part.text);
      else if (part.type === 'document') {
        if (part.text !== undefined) texts.push(part.text);
      }
      else if (part.type === 'tool-call') texts.push(part.arguments);
      else if (part.type === 'tool-result') {
        if (typeof part.content === 'string') texts.push(part.content);
        else for (const item of part.content) if (item.type === 'text') texts.push(item.text);
      }
    }
  }
  return texts;
}

/** How a body is walked. */
export interface BodyTextOptions {
  /** How deeply JSON carried inside a string may nest before the request is refused (`server.maxJsonDepth`). */
  maxJsonDepth: number;
}

/**
 * Every text of a client's request body that a provider may receive, in one fixed order: every object key and
 * every string value at any depth (known fields and unknown ones alike: `user`, `metadata`, tool names, descriptions
 * and schemas, `stop`, response formats, message names, image URLs and data, extensions), integers of seven digits
 * or more as their decimal text (card or phone numbers sent as numbers), and, for a string that is itself a JSON
 * object or array (tool-call arguments, tool results), its keys and strings as a JSON reader sees them (the string
 * itself as well when a reader could see more than that: a repeated key, an integer past 2^53). The top-level
 * `model` is left out: only a catalogued name, or a name a model's patterns serve that carries nothing the detectors
 * find, is ever sent; the ingress refuses the others (`CatalogIndex.knowsModel`).
 *
 * Whatever reaches a provider is derived from this body (the canonical request is parsed from it; the pass-through
 * path relays it), so profiling these texts profiles everything sent. Strings that are one of the dialects' fixed
 * words (`role`, `user`, `text`, ...) and cannot hold a finding are skipped, for speed.
 *
 * Throws `invalid_json` (400) for JSON inside a string nested deeper than `maxJsonDepth`, and for a body nested
 * deeper (a body read by the server was checked already).
 * @param running when given, receives for each text whether it is prose a model reads as running text with the
 *   prose before and after it (see {@link proseKeys})
 * @param readFirst when given, receives for each text whether it lies under a top-level key a provider reads before
 *   the rest (`system`, `instructions`): the junction scan glues those first (see `junctionFindings`)
 */
export function bodyTexts(body: Record<string, unknown>, options: BodyTextOptions, running?: boolean[], readFirst?: boolean[]): string[] {
  const texts: string[] = [];
  const walk: BodyWalk = new BodyWalk(options.maxJsonDepth, (text, prose) => {
    texts.push(text);
    running?.push(prose);
    readFirst?.push(walk.underLeadingKey());
    return undefined;
  });
  walk.object(body, 1, true);
  return texts;
}

/**
 * Top-level keys whose prose a provider reads before the conversation, wherever the client put them in the body:
 * Anthropic's `system` and the Responses API's `instructions` (see `bodyTexts`' `readFirst`).
 */
const leadingKeys: ReadonlySet<string> = new Set(['system', 'instructions']);

/**
 * Keys whose string values a model reads as running text, one after the other: message and part texts in every
 * dialect (`content`, `text`, `input`, `instructions`, `system`, `output`, `thinking`, `prompt`). A value under one
 * of them directly, or in an array under one, is prose; keys, identifiers, names, schemas and JSON inside strings are
 * not (see `junctionFindings`, which reads across adjacent prose only).
 */
const proseKeys: ReadonlySet<string> = new Set(['content', 'text', 'input', 'instructions', 'system', 'output', 'thinking', 'prompt', 'reasoning_content']);

/**
 * The body with its texts replaced: `replacements[i]` stands for `bodyTexts(body)[i]`. Keys and strings are
 * written back (a JSON string whose inner texts changed is serialised again from them); texts that stand for
 * numbers cannot be and stay as they were, so a caller that must remove a value checks the result again.
 * Returns a new body (the input is not changed), or the same object when nothing changed.
 */
export function replaceBodyTexts(body: Record<string, unknown>, replacements: readonly string[], options: BodyTextOptions): Record<string, unknown> {
  let index = 0;
  return new BodyWalk(options.maxJsonDepth, (text) => {
    const replacement = replacements[index++];
    return replacement === undefined || replacement === text ? undefined : replacement;
  }).object(body, 1, true);
}

/** Called for each text in order (`prose`: a message or part text, see {@link proseKeys}); returns its replacement, or undefined to keep it. */
type TextVisitor = (text: string, prose: boolean) => string | undefined;

/** JSON in a string in JSON in a string...: how many levels are walked as JSON (each level at least doubles the escapes). */
const maxExpansions = 8;

/** Integers at least this large are profiled as text: seven digits and more (phone, card, account numbers). */
const smallestProfiledInteger = 1_000_000;

/**
 * Words the dialects use as keys and enumerated values. A string equal to one of them carries no data the
 * detectors could find (checked when the module loads), so it is not handed to them.
 */
const inertWords: ReadonlySet<string> = new Set(
  [
    'model', 'messages', 'role', 'content', 'type', 'text', 'user', 'assistant', 'system', 'developer', 'tool', 'tools',
    'function', 'name', 'arguments', 'id', 'tool_calls', 'tool_call_id', 'tool_use_id', 'tool_use', 'tool_result',
    'input', 'input_schema', 'parameters', 'properties', 'description', 'required', 'object', 'string', 'number',
    'integer', 'boolean', 'array', 'null', 'items', 'enum', 'stream', 'max_tokens', 'temperature', 'image_url', 'url',
    'image', 'source', 'base64', 'media_type', 'data', 'detail', 'auto', 'low', 'high', 'none', 'any', 'strict',
    'stop', 'top_p', 'top_k', 'metadata', 'user_id', 'cache_control', 'ephemeral', 'response_format', 'json_schema',
    'json_object', 'schema', 'tool_choice', 'stream_options', 'include_usage', 'max_completion_tokens', 'is_error',
    'thinking', 'signature', 'encoding_format', 'float', 'dimensions', 'additionalProperties', 'title', 'default',
    'format', 'seed', 'n', 'parallel_tool_calls', 'presence_penalty', 'frequency_penalty', 'refusal', 'citations',
    'disable_parallel_tool_use', 'redacted_thinking', 'output_config', 'stop_sequences', 'system_fingerprint',
    'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'custom', 'ttl', '5m', '1h', 'enabled', 'budget_tokens',
  ].filter((word) => detectFindings(word).length === 0),
);

const longestInertWord = Math.max(...[...inertWords].map((word) => word.length));

/**
 * One walk of a body in the order {@link bodyTexts} lists its texts, rebuilding (copy on write) what the visitor
 * replaces. Objects are rebuilt with `Object.defineProperty`, so a key named `__proto__` stays an own key.
 */
class BodyWalk {
  private readonly path: Array<string | number> = [];
  /** How many JSON strings the walk is inside (a string in JSON in a string...). */
  private expansions = 0;
  /** The length of `path` at the outermost JSON string the walk is inside: errors name that string. */
  private stringPathLength = 0;
  /** Keys walked in the JSON string being walked (not counting strings inside it), against the keys its text holds. */
  private keys = 0;
  /** Whether the JSON string being walked holds an integer `JSON.parse` had to round. */
  private imprecise = false;

  constructor(
    private readonly maxJsonDepth: number,
    private readonly visit: TextVisitor,
  ) {}

  /** `depth` is the object's own nesting level (the body is 1); `top` marks the body itself. */
  object(body: Record<string, unknown>, depth: number, top = false): Record<string, unknown> {
    let rebuilt: Record<string, unknown> | undefined;
    const keys = Object.keys(body);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const value = body[key];
      this.path.push(key);
      // The top-level model name is checked at ingress instead (see `bodyTexts`).
      const skipped = top && key === 'model' && typeof value === 'string';
      this.keys++;
      const newKey = this.text(key, false);
      const newValue = skipped ? value : this.value(value, depth);
      this.path.pop();
      if (rebuilt === undefined && (newKey !== key || newValue !== value)) {
        rebuilt = {};
        for (let earlier = 0; earlier < index; earlier++) define(rebuilt, keys[earlier]!, body[keys[earlier]!]);
      }
      if (rebuilt !== undefined) define(rebuilt, newKey, newValue);
    }
    return rebuilt ?? body;
  }

  private value(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.string(value);
    if (typeof value === 'number') {
      if (Number.isInteger(value) && Math.abs(value) >= smallestProfiledInteger) {
        this.visit(String(value), false);
        if (!Number.isSafeInteger(value)) this.imprecise = true;
      }
      return value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (depth >= this.maxJsonDepth) throw this.tooDeep();
    if (!Array.isArray(value)) return this.object(value as Record<string, unknown>, depth + 1);
    let rebuilt: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      this.path.push(index);
      const item: unknown = value[index];
      const newItem = this.value(item, depth + 1);
      this.path.pop();
      if (newItem !== item) (rebuilt ??= value.slice())[index] = newItem;
    }
    return rebuilt ?? value;
  }

  /**
   * A string value. One that is a JSON object or array is profiled as a JSON reader sees it: its keys and strings,
   * escapes decoded, each a text of its own (nesting counted afresh, up to {@link maxExpansions} strings deep). The
   * string itself is profiled too only where a reader could see more than that walk: a key written twice (the walk
   * sees the last), or an integer past 2^53 (the walk sees it rounded).
   */
  private string(text: string): string {
    const inner = this.expansions < maxExpansions ? jsonContainer(text) : undefined;
    if (inner === undefined) return this.text(text, this.expansions === 0 && this.underProseKey());
    const scanned = scanJsonText(text, this.maxJsonDepth);
    if (this.expansions === 0) this.stringPathLength = this.path.length;
    if (scanned.tooDeepAt >= 0) {
      this.expansions++;
      throw this.tooDeep();
    }
    const outer = { keys: this.keys, imprecise: this.imprecise };
    this.keys = 0;
    this.imprecise = false;
    this.expansions++;
    const walked = this.value(inner, 0);
    this.expansions--;
    const whole = this.keys !== scanned.keys || this.imprecise;
    this.keys = outer.keys;
    this.imprecise = outer.imprecise;
    const replaced = whole ? this.text(text, false) : text;
    return walked === inner ? replaced : JSON.stringify(walked);
  }

  private text(text: string, prose: boolean): string {
    // Prose is read whole even when it is a fixed word: a value split over parts may have one as a piece (`user`).
    if (text.length <= longestInertWord && (text === '' || (!prose && inertWords.has(text)))) return text;
    return this.visit(text, prose) ?? text;
  }

  /** Whether the text being walked lies under a top-level key a provider reads first (see {@link leadingKeys}). */
  underLeadingKey(): boolean {
    const top = this.path[0];
    return typeof top === 'string' && leadingKeys.has(top);
  }

  /** Whether the value being walked is under a prose key: the nearest key of its path (array indexes passed over). */
  private underProseKey(): boolean {
    for (let index = this.path.length - 1; index >= 0; index--) {
      const step = this.path[index];
      if (typeof step === 'string') return proseKeys.has(step);
    }
    return false;
  }

  private tooDeep(): GatewayError {
    const inString = this.expansions > 0;
    const param = jsonPath(inString ? this.path.slice(0, this.stringPathLength) : this.path);
    return new GatewayError('invalid_json', {
      message: `The JSON ${inString ? 'inside the string' : ''} at '${param}' is nested more than ${this.maxJsonDepth} levels deep; the limit is server.maxJsonDepth.`.replace('  ', ' '),
      param,
    });
  }
}

/** The parsed value of a string that is a whole JSON object or array, else undefined. */
function jsonContainer(text: string): unknown {
  let start = 0;
  while (start < text.length && isJsonWhitespace(text.charCodeAt(start))) start++;
  const first = text.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
