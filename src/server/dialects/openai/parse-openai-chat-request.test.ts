import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.ts';

const user = { role: 'user', content: 'Hello' };
const valid = { model: 'gpt-4o', messages: [user] };

function parseError(body: unknown): GatewayError {
  try {
    parseOpenAIChatRequest(body);
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parseOpenAIChatRequest: refusals', () => {
  it.each<[string, unknown, string | undefined, RegExp]>([
    ['a non-object body', [valid], undefined, /JSON object/],
    ['a null body', null, undefined, /JSON object/],
    ['a missing model', { messages: [user] }, 'model', /Missing required parameter: 'model'/],
    ['an empty model', { model: '', messages: [user] }, 'model', /must not be empty/],
    ['a numeric model', { model: 4, messages: [user] }, 'model', /expected a string, but got an integer/],
    ['missing messages', { model: 'm' }, 'messages', /Missing required parameter: 'messages'/],
    ['empty messages', { model: 'm', messages: [] }, 'messages', /at least 1 item/],
    ['messages as a string', { model: 'm', messages: 'hi' }, 'messages', /expected an array/],
    ['a message that is not an object', { model: 'm', messages: [user, 7] }, 'messages[1]', /expected an object/],
    ['an unknown role', { model: 'm', messages: [user, user, { role: 'bot', content: 'x' }] }, 'messages[2].role', /"bot".*'system', 'developer', 'user', 'assistant', 'tool'/],
    ['a missing role', { model: 'm', messages: [{ content: 'x' }] }, 'messages[0].role', /Missing required parameter/],
    ['the legacy function role', { model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'messages[0].role', /legacy 'function' role/],
    ['numeric content', { model: 'm', messages: [{ role: 'user', content: 5 }] }, 'messages[0].content', /expected a string or an array/],
    ['an unknown content part', { model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] }, 'messages[0].content[0].type', /"input_audio".*'text', 'image_url'/],
    ['an image in a system message', { model: 'm', messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://a/b.png' } }] }] }, 'messages[0].content[0].type', /Supported values are: 'text'/],
    ['a text part without text', { model: 'm', messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text', /Missing required parameter/],
    ['an ftp image URL', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://a/b.png' } }] }] }, 'messages[0].content[0].image_url.url', /http\(s\) URL or a base64 data URL/],
    ['a data URL without base64', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,abc' } }] }] }, 'messages[0].content[0].image_url.url', /data URL must look like/],
    ['a bad image detail', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://a/b.png', detail: 'max' } }] }] }, 'messages[0].content[0].image_url.detail', /'auto', 'low', 'high'/],
    ['a tool message without tool_call_id', { model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id', /Missing required parameter/],
    ['a tool call without arguments', { model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f' } }] }] }, 'messages[0].tool_calls[0].function.arguments', /Missing required parameter/],
    ['a legacy function_call in a message', { model: 'm', messages: [{ role: 'assistant', content: null, function_call: { name: 'f', arguments: '{}' } }] }, 'messages[0].function_call', /use 'tool_calls'/],
    ['legacy functions', { ...valid, functions: [{ name: 'f' }] }, 'functions', /use 'tools'/],
    ['a tool of another type', { ...valid, tools: [{ type: 'custom', custom: { name: 'x' } }] }, 'tools[0].type', /'function'/],
    ['a tool without a name', { ...valid, tools: [{ type: 'function', function: { parameters: {} } }] }, 'tools[0].function.name', /Missing required parameter/],
    ['tool parameters that are an array', { ...valid, tools: [{ type: 'function', function: { name: 'f', parameters: [] } }] }, 'tools[0].function.parameters', /JSON object/],
    ['an unknown tool_choice', { ...valid, tool_choice: 'any' }, 'tool_choice', /"any".*'auto', 'none', 'required'/],
    ['a numeric tool_choice', { ...valid, tool_choice: 1 }, 'tool_choice', /expected one of 'auto', 'none', 'required' or an object/],
    ['a tool_choice without a name', { ...valid, tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type: 'function', function: {} } }, 'tool_choice.function.name', /Missing required/],
    ['a tool_choice naming an unknown tool', { ...valid, tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type: 'function', function: { name: 'g' } } }, 'tool_choice.function.name', /no tool named "g"/],
    ['required without tools', { ...valid, tool_choice: 'required' }, 'tool_choice', /only be required when 'tools' are given/],
    ['an unknown response_format', { ...valid, response_format: { type: 'yaml' } }, 'response_format.type', /'text', 'json_object', 'json_schema'/],
    ['json_schema without its object', { ...valid, response_format: { type: 'json_schema' } }, 'response_format.json_schema', /Missing required/],
    ['n = 2', { ...valid, n: 2 }, 'n', /Only one choice/],
    ['a temperature above 2', { ...valid, temperature: 2.5 }, 'temperature', /above the maximum of 2/],
    ['a string temperature', { ...valid, temperature: '1' }, 'temperature', /expected a number, but got a string/],
    ['top_p above 1', { ...valid, top_p: 1.5 }, 'top_p', /maximum of 1/],
    ['a presence penalty below -2', { ...valid, presence_penalty: -3 }, 'presence_penalty', /minimum of -2/],
    ['a fractional seed', { ...valid, seed: 1.5 }, 'seed', /expected an integer/],
    ['max_tokens of 0', { ...valid, max_tokens: 0 }, 'max_tokens', /minimum of 1/],
    ['a fractional max_completion_tokens', { ...valid, max_completion_tokens: 10.5 }, 'max_completion_tokens', /expected an integer/],
    ['a numeric stop entry', { ...valid, stop: ['a', 1] }, 'stop[1]', /expected a string/],
    ['a string stream flag', { ...valid, stream: 'yes' }, 'stream', /expected a boolean/],
    ['a string include_usage', { ...valid, stream: true, stream_options: { include_usage: 'yes' } }, 'stream_options.include_usage', /expected a boolean/],
  ])('refuses %s', (_name, body, param, message) => {
    const error = parseError(body);
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
  });
});

describe('parseOpenAIChatRequest: conversion', () => {
  it('converts every supported field', () => {
    const request = parseOpenAIChatRequest({
      model: 'gpt-4o',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'system', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
          ],
        },
        {
          role: 'assistant',
          content: '',
          refusal: null,
          annotations: [],
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'found' },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', description: 'Looks up', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      top_p: 0.9,
      presence_penalty: 0.1,
      frequency_penalty: -0.1,
      seed: 42,
      max_tokens: 100,
      stop: 'END',
      user: 'user-1',
      n: 1,
      logit_bias: { '50256': -100 },
      reasoning_effort: 'low',
    });
    expect(request).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'system', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] },
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image', url: 'https://example.com/a.png', detail: 'high' },
            { type: 'image', data: '/9j/4AAQ', mediaType: 'image/jpeg' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: 'found' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'No.' }] },
      ],
      tools: [{ name: 'lookup', description: 'Looks up', inputSchema: { type: 'object' }, strict: true }],
      toolChoice: { type: 'tool', name: 'lookup' },
      parallelToolCalls: false,
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' }, strict: true },
      stream: true,
      includeUsage: true,
      temperature: 0.2,
      topP: 0.9,
      presencePenalty: 0.1,
      frequencyPenalty: -0.1,
      seed: 42,
      maxOutputTokens: 100,
      stopSequences: ['END'],
      user: 'user-1',
      providerOptions: { openai: { logit_bias: { '50256': -100 }, reasoning_effort: 'low' } },
    });
  });

  it('treats null optional fields as absent', () => {
    const request = parseOpenAIChatRequest({ ...valid, temperature: null, stop: null, tools: null, tool_choice: null, stream: null, n: null, response_format: null });
    expect(request).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }], stream: false });
  });

  it('prefers max_completion_tokens and remembers the name', () => {
    const request = parseOpenAIChatRequest({ ...valid, max_tokens: 10, max_completion_tokens: 20 });
    expect(request.maxOutputTokens).toBe(20);
    expect(request.providerOptions).toEqual({ openai: { max_completion_tokens: 20 } });
  });

  it('ignores include_usage when not streaming', () => {
    expect(parseOpenAIChatRequest({ ...valid, stream_options: { include_usage: true } }).includeUsage).toBeUndefined();
  });

  it('keeps tool parameters by reference, odd keys included', () => {
    const parameters = JSON.parse('{"type":"object","__proto__":{"x":1}}') as Record<string, unknown>;
    const request = parseOpenAIChatRequest({ ...valid, tools: [{ type: 'function', function: { name: 'f', parameters } }] });
    expect(request.tools?.[0]?.inputSchema).toBe(parameters);
    expect(Object.keys(request.tools?.[0]?.inputSchema ?? {})).toEqual(['type', '__proto__']);
  });
});

describe('parseOpenAIChatRequest: any input', () => {
  function parsesOrRefuses(body: unknown): void {
    try {
      parseOpenAIChatRequest(body);
    } catch (error) {
      if (!GatewayError.isInstance(error)) throw error;
      expect(error.status).toBe(400);
      expect(error.code).toBe('invalid_request');
      expect(error.message.length).toBeGreaterThan(10);
    }
  }

  it('either parses or throws an invalid_request GatewayError for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), parsesOrRefuses), { numRuns: 1000 });
  });

  const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
  /** Mostly a valid value, sometimes anything: so most generated requests get deep before something breaks. */
  const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 15 }, { arbitrary: anyValue, weight: 1 });
  const rarely = <T,>(value: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 30 }, { arbitrary: value, weight: 1 });
  const text = mostly(fc.string());
  const part = fc.oneof(
    fc.record({ type: mostly(fc.constantFrom('text', 'refusal')), text, refusal: text }),
    fc.record({
      type: mostly(fc.constant('image_url')),
      image_url: mostly(fc.record({ url: mostly(fc.oneof(fc.webUrl(), fc.constant('data:image/png;base64,iVBORw0KGgo='), fc.string())), detail: fc.option(fc.constantFrom('auto', 'low', 'high', 'max')) })),
    }),
  );
  const toolCall = fc.record({ id: text, type: mostly(fc.constant('function')), function: mostly(fc.record({ name: text, arguments: text })) });
  const message = fc.record(
    {
      role: fc.oneof({ arbitrary: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool'), weight: 30 }, rarely(fc.constantFrom('function', 'bot'))),
      content: fc.oneof(text, mostly(fc.array(part, { maxLength: 3 })), fc.constant(null)),
      name: fc.option(text),
      tool_call_id: text,
      tool_calls: fc.option(mostly(fc.array(toolCall, { maxLength: 2 }))),
      function_call: rarely(anyValue),
    },
    { requiredKeys: ['role', 'content'] },
  );
  const tool = fc.record({ type: mostly(fc.constant('function')), function: mostly(fc.record({ name: mostly(fc.constantFrom('f', 'g')), parameters: mostly(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }))), strict: fc.option(mostly(fc.boolean())) })) });
  const mutatedRequest = fc.record(
    {
      model: mostly(fc.string({ minLength: 1 })),
      messages: mostly(fc.array(message, { minLength: 1, maxLength: 4 })),
      tools: mostly(fc.array(tool, { maxLength: 2 })),
      tool_choice: mostly(fc.oneof(fc.constantFrom('auto', 'none', 'required'), fc.record({ type: mostly(fc.constant('function')), function: fc.record({ name: mostly(fc.constantFrom('f', 'g')) }) }))),
      response_format: mostly(fc.record({ type: mostly(fc.constantFrom('text', 'json_object', 'json_schema')), json_schema: mostly(fc.record({ name: text, schema: fc.option(fc.object()) })) })),
      stream: mostly(fc.boolean()),
      stream_options: mostly(fc.record({ include_usage: mostly(fc.boolean()) })),
      temperature: mostly(fc.double({ min: -1, max: 3, noNaN: true })),
      top_p: mostly(fc.double({ min: 0, max: 1, noNaN: true })),
      max_tokens: mostly(fc.integer({ min: -1, max: 5000 })),
      max_completion_tokens: mostly(fc.integer({ min: 1, max: 5000 })),
      stop: mostly(fc.oneof(fc.string(), fc.array(fc.string()))),
      n: mostly(fc.integer({ min: 0, max: 2 })),
      seed: mostly(fc.integer()),
      user: text,
      functions: rarely(anyValue),
      extra: rarely(anyValue),
    },
    { requiredKeys: ['model', 'messages'] },
  );

  it('either parses or throws an invalid_request GatewayError for mutations of a valid request', () => {
    fc.assert(fc.property(mutatedRequest, parsesOrRefuses), { numRuns: 2000 });
  });
});
