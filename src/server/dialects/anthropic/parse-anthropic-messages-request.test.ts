import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.ts';

const valid = () => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 4096,
  system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: 'What is the weather in Paris?' },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Use the tool.', signature: 'sig' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'failed' }], is_error: true },
        { type: 'text', text: 'And tomorrow?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
      ],
    },
  ],
  tools: [
    { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
    { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
  ],
  tool_choice: { type: 'any', disable_parallel_tool_use: true },
  stop_sequences: ['END'],
  temperature: 0.5,
  top_p: 0.9,
  top_k: 40,
  metadata: { user_id: 'user-7' },
  stream: true,
  thinking: { type: 'enabled', budget_tokens: 2048 },
  service_tier: 'auto',
});

function failure(body: unknown): GatewayError {
  try {
    parseAnthropicMessagesRequest(body);
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('parseAnthropicMessagesRequest', () => {
  it('converts a full request to the canonical form', () => {
    const request = parseAnthropicMessagesRequest(valid());
    expect(request).toEqual({
      model: 'claude-sonnet-4-5',
      maxOutputTokens: 4096,
      stream: true,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.', providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } }] },
        { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Use the tool.', signature: 'sig' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_1', content: '18C' },
            { type: 'tool-result', toolCallId: 'toolu_2', content: [{ type: 'text', text: 'failed' }], isError: true },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And tomorrow?' },
            { type: 'image', data: 'iVBORw0K', mediaType: 'image/png' },
            { type: 'image', url: 'https://example.com/a.jpg' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather by city', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
      stopSequences: ['END'],
      temperature: 0.5,
      topP: 0.9,
      topK: 40,
      user: 'user-7',
      providerOptions: {
        anthropic: {
          serverTools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
          thinking: { type: 'enabled', budget_tokens: 2048 },
          service_tier: 'auto',
        },
      },
    });
  });

  it('keeps system messages, documents and redacted thinking where the client put them', () => {
    const request = parseAnthropicMessagesRequest({
      model: 'm',
      max_tokens: 5,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'Report' },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Plain notes.' } },
            { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] } },
            { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
            { type: 'text', text: 'Summarise.' },
          ],
        },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'EmwKAhgB' }, { type: 'text', text: 'Done.' }] },
        { role: 'system', content: [{ type: 'text', text: 'From now on answer in French.' }] },
        { role: 'user', content: 'Merci.' },
      ],
    });
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'document', mediaType: 'application/pdf', data: 'JVBERi0x', providerOptions: { anthropic: { title: 'Report' } } },
          { type: 'document', mediaType: 'text/plain', text: 'Plain notes.' },
          { type: 'document', mediaType: 'text/plain', text: 'a\nb' },
          { type: 'document', mediaType: 'application/pdf', url: 'https://example.com/a.pdf' },
          { type: 'text', text: 'Summarise.' },
        ],
      },
      { role: 'assistant', content: [{ type: 'reasoning', text: '', redactedData: 'EmwKAhgB' }, { type: 'text', text: 'Done.' }] },
      { role: 'system', content: [{ type: 'text', text: 'From now on answer in French.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Merci.' }] },
    ]);
  });

  it('keeps tool results and text of one user turn in their order', () => {
    const request = parseAnthropicMessagesRequest({
      model: 'm',
      max_tokens: 5,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'tool_result', tool_use_id: 't' }, { type: 'text', text: 'b' }] }],
    });
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'tool', 'user']);
    expect(request.messages[1]).toEqual({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 't', content: '' }] });
    expect(request.stream).toBe(false);
  });

  it('turns structured outputs into a json-schema response format and keeps the rest of output_config', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const request = parseAnthropicMessagesRequest({
      model: 'm',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'x' }],
      output_config: { format: { type: 'json_schema', schema }, effort: 'low' },
    });
    expect(request.responseFormat).toEqual({ type: 'json-schema', name: 'response', schema });
    expect(request.providerOptions).toEqual({ anthropic: { output_config: { effort: 'low' } } });
  });

  it.each([
    ['tool', { type: 'tool', name: 'f' }, { type: 'tool', name: 'f' }, undefined],
    ['auto allowing parallel', { type: 'auto', disable_parallel_tool_use: false }, { type: 'auto' }, true],
    ['none', { type: 'none' }, { type: 'none' }, undefined],
  ])('maps tool_choice %s', (_name, toolChoice, expected, parallel) => {
    const request = parseAnthropicMessagesRequest({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], tool_choice: toolChoice });
    expect(request.toolChoice).toEqual(expected);
    expect(request.parallelToolCalls).toBe(parallel);
  });

  it.each([
    ['a body that is not an object', [], undefined, /JSON object/],
    ['a missing model', { max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, 'model', /Field required/],
    ['an empty model', { model: '', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, 'model', /must not be empty/],
    ['a missing max_tokens', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens', /Field required/],
    ['max_tokens 0', { model: 'm', max_tokens: 0, messages: [{ role: 'user', content: 'x' }] }, 'max_tokens', />= 1/],
    ['a fractional max_tokens', { model: 'm', max_tokens: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'max_tokens', /integer/],
    ['max_tokens as a string', { model: 'm', max_tokens: '5', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens', /expected a number, got a string/],
    ['empty messages', { model: 'm', max_tokens: 5, messages: [] }, 'messages', /at least 1/],
    ['messages not an array', { model: 'm', max_tokens: 5, messages: 'hi' }, 'messages', /expected an array/],
    ['a tool role', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }, { role: 'tool', content: 'x' }] }, 'messages[1].role', /unsupported role 'tool'; expected one of user, assistant/],
    ['a missing role', { model: 'm', max_tokens: 5, messages: [{ content: 'x' }] }, 'messages[0].role', /Field required/],
    ['content as a number', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content', /expected a string or an array/],
    ['an unknown block type', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'video' }] }] }, 'messages[0].content[0].type', /unsupported type 'video'/],
    ['tool_use in a user turn', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }, 'messages[0].content[0].type', /unsupported type 'tool_use'; expected one of text, image, tool_result/],
    ['tool_result in an assistant turn', { model: 'm', max_tokens: 5, messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 'a' }] }] }, 'messages[0].content[0].type', /unsupported type 'tool_result'/],
    ['a text block without text', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text', /Field required/],
    ['tool_result without tool_use_id', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] }, 'messages[0].content[0].tool_use_id', /Field required/],
    ['is_error as a string', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', is_error: 'yes' }] }] }, 'messages[0].content[0].is_error', /expected a boolean/],
    ['tool_use input as an array', { model: 'm', max_tokens: 5, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'b', input: [] }] }] }, 'messages[0].content[0].input', /expected an object/],
    ['an image with a bad media type', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'x' } }] }] }, 'messages[0].content[0].source.media_type', /expected one of/],
    ['an image file source', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }, 'messages[0].content[0].source.type', /unsupported type 'file'/],
    ['a system of numbers', { model: 'm', max_tokens: 5, system: 5, messages: [{ role: 'user', content: 'x' }] }, 'system', /expected a string or an array/],
    ['a system block that is not text', { model: 'm', max_tokens: 5, system: [{ type: 'image' }], messages: [{ role: 'user', content: 'x' }] }, 'system[0].type', /expected "text"/],
    ['temperature above 1', { model: 'm', max_tokens: 5, temperature: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'temperature', /<= 1/],
    ['a negative top_k', { model: 'm', max_tokens: 5, top_k: -1, messages: [{ role: 'user', content: 'x' }] }, 'top_k', />= 0/],
    ['stop_sequences with a number', { model: 'm', max_tokens: 5, stop_sequences: ['a', 1], messages: [{ role: 'user', content: 'x' }] }, 'stop_sequences[1]', /expected a string/],
    ['stream as a string', { model: 'm', max_tokens: 5, stream: 'yes', messages: [{ role: 'user', content: 'x' }] }, 'stream', /expected a boolean/],
    ['a tool without input_schema', { model: 'm', max_tokens: 5, tools: [{ name: 'f' }], messages: [{ role: 'user', content: 'x' }] }, 'tools[0].input_schema', /expected an object/],
    ['a tool without a name', { model: 'm', max_tokens: 5, tools: [{ input_schema: {} }], messages: [{ role: 'user', content: 'x' }] }, 'tools[0].name', /Field required/],
    ['an unknown tool_choice', { model: 'm', max_tokens: 5, tool_choice: { type: 'required' }, messages: [{ role: 'user', content: 'x' }] }, 'tool_choice.type', /unsupported type 'required'; expected one of auto, any, tool, none/],
    ['tool_choice tool without name', { model: 'm', max_tokens: 5, tool_choice: { type: 'tool' }, messages: [{ role: 'user', content: 'x' }] }, 'tool_choice.name', /Field required/],
    ['metadata.user_id as a number', { model: 'm', max_tokens: 5, metadata: { user_id: 5 }, messages: [{ role: 'user', content: 'x' }] }, 'metadata.user_id', /expected a string/],
  ])('refuses %s with a 400 naming the parameter', (_name, body, param, message) => {
    const error = failure(body);
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
    if (param !== undefined) expect(error.message.startsWith(`${param}: `)).toBe(true);
  });

  it('never echoes request content in an error message', () => {
    const error = failure({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: 123456789 }] }] });
    expect(error.message).not.toContain('123456789');
  });
});

/** Sets `value` at a path chosen by `steps` inside a copy of `root` (each step picks a key of the current object). */
function mutate(root: unknown, steps: number[], value: unknown): unknown {
  const copy = structuredClone(root);
  if (typeof copy !== 'object' || copy === null) return value;
  let current = copy as Record<string, unknown>;
  for (const [position, step] of steps.entries()) {
    const keys = Object.keys(current);
    if (keys.length === 0) break;
    const key = keys[step % keys.length] as string;
    const next = current[key];
    if (position === steps.length - 1 || typeof next !== 'object' || next === null) {
      if (step % 5 === 0) delete current[key];
      else current[key] = value;
      return copy;
    }
    current = next as Record<string, unknown>;
  }
  return copy;
}

function parsesOrRefuses(body: unknown): boolean {
  try {
    parseAnthropicMessagesRequest(body);
    return true;
  } catch (error) {
    return GatewayError.isInstance(error) && error.code === 'invalid_request' && error.status === 400;
  }
}

describe('parseAnthropicMessagesRequest on any input', () => {
  it('parses any JSON value or refuses it with a GatewayError', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => parsesOrRefuses(value)), { numRuns: 500 });
  });

  it('parses any mutation of a valid request or refuses it with a GatewayError', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 7 }), fc.jsonValue({ maxDepth: 3 }), (steps, value) => parsesOrRefuses(mutate(valid(), steps, value))),
      { numRuns: 2000 },
    );
  });

  it('parses objects whose keys are a prototype name without polluting anything', () => {
    const body = JSON.parse('{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;
    const request = parseAnthropicMessagesRequest(body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(request.providerOptions?.anthropic)).toBe(Object.prototype);
  });
});
