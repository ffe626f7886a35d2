import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.ts';
import { bodyTexts, replaceBodyTexts, requestTexts } from './request-texts.ts';

const options = { maxJsonDepth: 64 };

describe('bodyTexts', () => {
  it('marks as prose the texts a model reads one after the other, and nothing else', () => {
    const body = {
      model: 'gpt-4o',
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'SEC' }, { type: 'text', text: 'RET' }], name: 'anna' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'found' },
      ],
      input: ['one', 'two'],
      metadata: { note: 'not prose' },
    };
    const running: boolean[] = [];
    const texts = bodyTexts(body, options, running);
    expect(texts.filter((_, index) => running[index])).toEqual(['Be brief.', 'SEC', 'RET', 'found', 'one', 'two']);
    expect(running).toHaveLength(texts.length);
    expect(texts).toContain('lookup');
    expect(texts).toContain('not prose');
  });

  it('lists every key and string at any depth, known fields and unknown ones, but not the model name', () => {
    const body = {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello', name: 'anna', x_extra: { note: 'deep' } }],
      user: 'anna@example.de',
      'custom key': ['a', { b: 'c' }],
      seed: 12,
      account: 4111111111111111,
    };
    expect(bodyTexts(body, options)).toEqual(['Hello', 'anna', 'x_extra', 'note', 'deep', 'anna@example.de', 'custom key', 'a', 'b', 'c', 'account', '4111111111111111']);
  });

  it('profiles a model key below the top level, and a non-string model', () => {
    expect(bodyTexts({ model: { name: 'x@y.de' }, extra: { model: 'SECRET' } }, options)).toEqual(['x@y.de', 'extra', 'SECRET']);
  });

  it('walks JSON inside strings as a JSON reader sees it, several levels of encoding deep', () => {
    const inner = JSON.stringify({ to: 'SECRET//NOFORN\nplan' });
    const body = { messages: [{ role: 'assistant', tool_calls: [{ function: { arguments: inner } }] }], double: JSON.stringify([inner]) };
    expect(bodyTexts(body, options)).toEqual(['to', 'SECRET//NOFORN\nplan', 'double', 'to', 'SECRET//NOFORN\nplan']);
  });

  it('profiles the JSON string itself too where a reader could see more than the walk: a repeated key, a rounded integer', () => {
    const repeated = '{"to":"anna@x.de","to":"ok"}';
    expect(bodyTexts({ arguments: repeated }, options)).toEqual(['to', 'ok', repeated]);
    const rounded = '{"card":4111111111111111111}';
    expect(bodyTexts({ arguments: rounded }, options)).toEqual(['card', '4111111111111111000', rounded]);
    const nested = JSON.stringify({ inner: '{"a":1,"a":2}' });
    expect(bodyTexts({ arguments: nested }, options)).toEqual(['inner', 'a', '{"a":1,"a":2}']);
  });

  it('leaves strings that only look like JSON as text', () => {
    expect(bodyTexts({ a: '{not json', b: ' [1, 2' }, options)).toEqual(['a', '{not json', 'b', ' [1, 2']);
  });

  it('refuses JSON nested too deeply, in the body or inside a string, naming where', () => {
    const deepText = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const thrown = (body: Record<string, unknown>) => {
      try {
        bodyTexts(body, options);
      } catch (error) {
        return error as GatewayError;
      }
      throw new Error('accepted');
    };
    const inString = thrown({ messages: [{ tool_calls: [{ function: { arguments: deepText } }] }] });
    expect(GatewayError.isInstance(inString) && inString.status).toBe(400);
    expect(inString.param).toBe('messages[0].tool_calls[0].function.arguments');
    expect(inString.message).toContain('more than 64 levels deep');
    let deep: unknown = 'x';
    for (let level = 0; level < 200; level++) deep = { k: deep };
    expect(thrown({ deep }).param).toMatch(/^deep(\.k){63}$/);
  });
});

describe('replaceBodyTexts', () => {
  it('gives back the same body when nothing changes', () => {
    const body = { messages: [{ role: 'user', content: 'hi' }], args: '{"a":"b"}' };
    expect(replaceBodyTexts(body, bodyTexts(body, options), options)).toBe(body);
  });

  it('writes keys and strings back without touching the input, and keeps __proto__ an own key', () => {
    const body = JSON.parse('{"messages":[{"role":"user","content":"mail anna@x.de"}],"__proto__":{"anna@x.de":"k"},"n":5}') as Record<string, unknown>;
    const texts = bodyTexts(body, options);
    const replaced = replaceBodyTexts(body, texts.map((text) => text.replaceAll('anna@x.de', '[EMAIL_1]')), options);
    expect(JSON.stringify(replaced)).toBe('{"messages":[{"role":"user","content":"mail [EMAIL_1]"}],"__proto__":{"[EMAIL_1]":"k"},"n":5}');
    expect(JSON.stringify(body)).toContain('anna@x.de');
    expect(Object.getPrototypeOf(replaced)).toBe(Object.prototype);
  });

  it('serialises JSON inside a string again from its replaced texts', () => {
    const body = { arguments: '{"to": "anna@x.de",\n "n": 1}' };
    const replaced = replaceBodyTexts(body, bodyTexts(body, options).map((text) => (text === 'anna@x.de' ? '[EMAIL_1]' : text)), options);
    expect(replaced).toEqual({ arguments: '{"to":"[EMAIL_1]","n":1}' });
  });

  it('cannot replace a number: it stays, for the caller to check', () => {
    const body = { card: 4111111111111111 };
    expect(replaceBodyTexts(body, ['card', '[CARD_1]'], options)).toBe(body);
  });
});

describe('requestTexts', () => {
  it('lists message texts, tool arguments and results in order', () => {
    expect(
      requestTexts({
        model: 'm',
        stream: false,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'a' }] },
          { role: 'assistant', content: [{ type: 'tool-call', id: '1', name: 'f', arguments: '{}' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: '1', content: [{ type: 'text', text: 'r' }] }] },
        ],
      }),
    ).toEqual(['a', '{}', 'r']);
  });
});

describe('bodyTexts: property', () => {
  const planted = 'SECRET//NOFORN anna.schmidt@example.de';
  const key = fc.string({ maxLength: 5 });
  const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
  })).value;

  /** Puts `value` somewhere in `tree` following `choices`: as a value, as a key, or as JSON text in a string. */
  function plant(tree: unknown, choices: number[], value: string): unknown {
    const choice = choices.shift() ?? 0;
    if (Array.isArray(tree) && tree.length > 0 && choice % 4 !== 0) {
      const copy = tree.slice();
      const index = choice % copy.length;
      copy[index] = plant(copy[index], choices, value);
      return copy;
    }
    if (tree !== null && typeof tree === 'object' && !Array.isArray(tree)) {
      const entries = Object.entries(tree);
      if (choice % 5 === 1) return { ...tree, [value]: 1 };
      if (entries.length > 0 && choice % 5 !== 0) {
        const [name, inner] = entries[choice % entries.length]!;
        return { ...tree, [name]: plant(inner, choices, value) };
      }
    }
    if (choice % 3 === 2) return JSON.stringify({ wrapped: [value] });
    return value;
  }

  it('every planted string is one of the texts, or inside one, wherever it is put', () => {
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 4 }), fc.array(fc.nat(), { maxLength: 8 }), (tree, choices) => {
        const body = plant(tree, [...choices, 1], planted) as Record<string, unknown>;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
        const wrapped = { extra: body };
        expect(bodyTexts(wrapped, options)).toContain(planted);
      }),
    );
  });
});
