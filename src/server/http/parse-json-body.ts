import { GatewayError } from '../../core/errors/gateway-error.ts';

/** `server.maxJsonDepth` when the configuration does not set it: far above any real request, far below a stack. */
export const defaultMaxJsonDepth = 64;

/** How a request body is read: its size limit (bytes) and how deeply its JSON may nest. */
export interface JsonBodyLimits {
  bodyLimitBytes: number;
  /** Arrays and objects inside one another, the body itself counting as 1. */
  maxJsonDepth: number;
}

/** One JSON token the checks care about: a string (a key when followed by `:`) or a bracket. */
const token = /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|[[{]|[\]}]/g;
/** A UTF-16 code unit that is half of a surrogate pair without its other half (in `u` mode pairs are one code point). */
const loneSurrogate = /\p{Cs}/u;

/**
 * Parses a request body that must be one JSON object, and refuses (400, `invalid_json`) every way the text could be
 * read differently by a provider than by the gateway, or break something after it: nesting deeper than
 * `maxJsonDepth`, a key repeated within one object (`JSON.parse` keeps the last value, other parsers the first or
 * neither), a number that overflows to infinity (`1e999`), and a lone UTF-16 surrogate (`"\ud800"`) in a key or a
 * string. The checks cost one scan of the text and one walk of the value; `JSON.parse` itself is not recursive,
 * so no depth of input can exhaust the stack before the limit refuses it.
 */
export function parseJsonBody(text: string, maxJsonDepth: number = defaultMaxJsonDepth): Record<string, unknown> {
  if (text.trim() === '') throw new GatewayError('invalid_json', { message: 'The request body is empty; expected a JSON object.' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GatewayError('invalid_json', { message: `The request body is not valid JSON: ${(error as Error).message}` });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError('invalid_request', { message: 'The request body must be a JSON object.' });
  }
  const keysInText = scanJsonText(text, maxJsonDepth);
  const keysInValue = checkJsonValue(value, []);
  if (keysInValue !== keysInText) throw duplicateKeyError(text);
  return value as Record<string, unknown>;
}

/**
 * The depth of JSON text that already parsed, refused past `maxJsonDepth` (a 400 naming the limit and the position),
 * and how many keys it holds. Only for text `JSON.parse` accepted: on that, the token expression is linear.
 * @returns the number of object keys written in the text, duplicates included
 */
export function scanJsonText(text: string, maxJsonDepth: number): number {
  let depth = 0;
  let keys = 0;
  token.lastIndex = 0;
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    const first = match[0].charCodeAt(0);
    if (first === 0x22) {
      if (match[1] !== undefined) keys++;
    } else if (first === 0x5b || first === 0x7b) {
      if (++depth > maxJsonDepth) {
        token.lastIndex = 0;
        throw tooDeep(maxJsonDepth, `at character ${match.index}`);
      }
    } else {
      depth--;
    }
  }
  return keys;
}

/** The error for JSON nested deeper than the limit; `where` says where (a position or a parameter). */
export function tooDeep(maxJsonDepth: number, where: string, param?: string): GatewayError {
  return new GatewayError('invalid_json', {
    message: `The JSON is nested more than ${maxJsonDepth} levels deep ${where}; the limit is server.maxJsonDepth.`,
    ...(param === undefined ? {} : { param }),
  });
}

/** Walks a parsed value (its depth already bounded): counts keys, refuses non-finite numbers and lone surrogates. */
function checkJsonValue(value: unknown, path: Array<string | number>): number {
  if (typeof value === 'string') {
    if (loneSurrogate.test(value)) throw badText(path, 'holds a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape), which is not text');
    return 0;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badText(path, 'is a number too large to represent (it overflows to infinity)');
    return 0;
  }
  if (value === null || typeof value !== 'object') return 0;
  let keys = 0;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      keys += checkJsonValue(value[index], path);
      path.pop();
    }
    return keys;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    if (loneSurrogate.test(key)) throw badText(path, 'is a key holding a lone UTF-16 surrogate, which is not text');
    keys += 1 + checkJsonValue((value as Record<string, unknown>)[key], path);
    path.pop();
  }
  return keys;
}

function badText(path: Array<string | number>, what: string): GatewayError {
  const param = jsonPath(path);
  return new GatewayError('invalid_json', { message: `The value at '${param}' ${what}.`, param });
}

/** A path as the error messages write it: `messages[0].content`, keys cut to 64 characters. */
export function jsonPath(path: ReadonlyArray<string | number>): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else text += `${text === '' ? '' : '.'}${step.length > 64 ? `${step.slice(0, 64)}...` : step}`;
  }
  return text === '' ? '(body)' : text;
}

/** Finds the first repeated key (the slow path, only for a body already known to have one) and says where it is. */
function duplicateKeyError(text: string): GatewayError {
  const objects: Array<Set<string> | undefined> = [];
  let position = -1;
  token.lastIndex = 0;
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    const first = match[0].charCodeAt(0);
    if (first === 0x7b) objects.push(new Set());
    else if (first === 0x5b) objects.push(undefined);
    else if (first === 0x5d || first === 0x7d) objects.pop();
    else if (match[1] !== undefined) {
      const keys = objects.at(-1);
      const key = JSON.parse(match[0].slice(0, match[0].length - match[1].length)) as string;
      if (keys?.has(key)) {
        position = match.index;
        break;
      }
      keys?.add(key);
    }
  }
  token.lastIndex = 0;
  return new GatewayError('invalid_json', {
    message: `The request body repeats a key within one object${position < 0 ? '' : ` (at character ${position})`}; duplicate keys are refused, because the gateway and a provider could read different values.`,
  });
}
