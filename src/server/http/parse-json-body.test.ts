import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { parseJsonBody, relayableAsWritten } from './parse-json-body.ts';

function refusal(text: string, maxDepth?: number): GatewayError {
  try {
    parseJsonBody(text, maxDepth);
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`accepted: ${text.slice(0, 80)}`);
}

describe('parseJsonBody', () => {
  it('parses an ordinary body, keys named __proto__ kept as own data', () => {
    const value = parseJsonBody('{"model":"m","__proto__":{"x":1},"messages":[{"role":"user","content":"hi"}]}');
    expect(Object.keys(value)).toEqual(['model', '__proto__', 'messages']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it.each([
    ['a repeated top-level key', '{"user":"a@b.de","user":"x"}', 1],
    ['a repeated nested key', '{"messages":[{"role":"user","content":"a","content":"b"}]}', 42],
    ['a repeated key with an escaped spelling', '{"user":"a","\\u0075ser":"b"}', 12],
    ['a repeated __proto__', '{"__proto__":1,"__proto__":2}', 15],
  ])('refuses %s with 400 and the position', (_name, text, position) => {
    const error = refusal(text);
    expect(error.status).toBe(400);
    expect(error.message).toContain('repeats a key');
    expect(error.message).toContain(`at character ${position}`);
  });

  it('accepts the same key in sibling objects and keys that look alike inside strings', () => {
    expect(() => parseJsonBody('{"a":{"k":1},"b":{"k":2},"c":"\\"k\\":1, \\"k\\":2"}')).not.toThrow();
  });

  it('refuses nesting past the limit, in arrays or objects, with the limit named', () => {
    const deep = `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const error = refusal(deep);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/more than 64 levels deep at character 68\b.*server\.maxJsonDepth/);
    expect(refusal(`{"a":${'{"b":'.repeat(10)}1${'}'.repeat(10)}}`, 8).message).toContain('more than 8 levels');
    expect(() => parseJsonBody(`{"a":${'['.repeat(63)}${']'.repeat(63)}}`)).not.toThrow();
    expect(() => parseJsonBody(`{"a":${'['.repeat(64)}${']'.repeat(64)}}`)).toThrow(/more than 64/);
  });

  it('refuses numbers that overflow to infinity, naming the parameter', () => {
    const error = refusal('{"temperature":1e999}');
    expect(error.param).toBe('temperature');
    expect(error.message).toBe("The value at 'temperature' is a number too large to represent (it overflows to infinity).");
    expect(refusal('{"tools":[{"x":[0,-1e400]}]}').param).toBe('tools[0].x[1]');
  });

  it('refuses lone surrogates in values and keys, accepts pairs', () => {
    expect(refusal('{"user":"SEC\\ud800RET"}').param).toBe('user');
    expect(refusal('{"a":{"\\udc00":1}}').message).toContain('key holding a lone UTF-16 surrogate');
    expect(parseJsonBody('{"emoji":"\\ud83d\\ude00"}').emoji).toBe('😀');
  });

  it('answers invalid JSON, empty bodies and non-objects with 400', () => {
    expect(refusal('{"a":').code).toBe('invalid_json');
    expect(refusal('  ').message).toContain('empty');
    expect(refusal('[1]').code).toBe('invalid_request');
  });

  it('property: any JSON object without repeats parses to what JSON.parse gives; a repeat is always refused', () => {
    const key = fc.string({ maxLength: 6 });
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 5 }), (object) => {
        const text = JSON.stringify(object);
        if (text.length > 0 && /\p{Cs}/u.test(text)) return;
        expect(parseJsonBody(text)).toEqual(JSON.parse(text));
        const keys = Object.keys(object);
        if (keys.length === 0) return;
        const repeated = `${text.slice(0, -1)},${JSON.stringify(keys[0])}:0}`;
        expect(() => parseJsonBody(repeated)).toThrow(/repeats a key/);
      }),
    );
  });
});

describe('relayableAsWritten', () => {
  it.each(['{"a":1,"b":2.5,"c":-3}', '{"t":"caf\\u00e9 e5 1e"}', '{"seed":123456789012345}'])('lets %s be relayed as written', (text) => {
    expect(relayableAsWritten(text)).toBe(true);
  });

  it.each(['{"seed":12345678901234567890}', '{"x":1e3}', '{"x":-2.5E+7}', '{"id":"0000111122223333"}'])('serialises %s from its value', (text) => {
    expect(relayableAsWritten(text)).toBe(false);
  });
});
