import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { toOllamaRequest } from './to-ollama-request.ts';

function request(overrides: Partial<ChatRequest>): ChatRequest {
  return { model: 'llama3.2', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], ...overrides };
}

const tools = [
  { name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'get_time', inputSchema: { type: 'object' } },
];

describe('toOllamaRequest', () => {
  it('maps a tool conversation: arguments as objects, results named after their calls', () => {
    const { body } = toOllamaRequest(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Weather in ' }, { type: 'text', text: 'Paris?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Checking.' },
              { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
            ],
          },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '18C' }] }] },
        ],
      }),
      false,
    );
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: 'Checking.', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', content: '18C', tool_name: 'get_weather' },
    ]);
    expect(body.stream).toBe(false);
  });

  it('maps sampling settings to Modelfile options and merges provider options', () => {
    const { body } = toOllamaRequest(
      request({
        temperature: 0.1,
        topP: 0.8,
        topK: 20,
        maxOutputTokens: 64,
        stopSequences: ['\n\n'],
        seed: 42,
        presencePenalty: 0.3,
        frequencyPenalty: 0.4,
        providerOptions: { ollama: { keep_alive: '10m', options: { num_ctx: 8192 } } },
      }),
      true,
    );
    expect(body.options).toEqual({
      temperature: 0.1,
      top_p: 0.8,
      top_k: 20,
      num_predict: 64,
      stop: ['\n\n'],
      seed: 42,
      presence_penalty: 0.3,
      frequency_penalty: 0.4,
      num_ctx: 8192,
    });
    expect(body.keep_alive).toBe('10m');
    expect(body.stream).toBe(true);
  });

  it('leaves options out when nothing is set', () => {
    expect(toOllamaRequest(request({}), false).body).not.toHaveProperty('options');
  });

  it.each([
    [{ type: 'json' } as const, 'json'],
    [{ type: 'json-schema', name: 'a', schema: { type: 'object', required: ['age'] } } as const, { type: 'object', required: ['age'] }],
  ])('maps response format %j to format', (responseFormat, format) => {
    expect(toOllamaRequest(request({ responseFormat }), false).body.format).toEqual(format);
  });

  it('sends tools as functions and drops them for tool choice none', () => {
    expect(toOllamaRequest(request({ tools }), false).body.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: tools[0]?.inputSchema } },
      { type: 'function', function: { name: 'get_time', parameters: { type: 'object' } } },
    ]);
    const none = toOllamaRequest(request({ tools, toolChoice: { type: 'none' } }), false);
    expect(none.body).not.toHaveProperty('tools');
    expect(none.warnings).toEqual([]);
  });

  it('offers only the named tool, and warns, for a forced tool choice', () => {
    const { body, warnings } = toOllamaRequest(request({ tools, toolChoice: { type: 'tool', name: 'get_time' } }), false);
    expect(body.tools?.map((tool) => tool.function.name)).toEqual(['get_time']);
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported-setting', setting: 'toolChoice' })]);
  });

  it('sends images inline, leaves URL images out with a warning, and warns about parallelToolCalls', () => {
    const { body, warnings } = toOllamaRequest(
      request({
        parallelToolCalls: true,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
              { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' },
              { type: 'image', url: 'https://example.com/cat.png' },
            ],
          },
        ],
      }),
      false,
    );
    expect(body.messages[0]).toEqual({ role: 'user', content: 'What is this?', images: ['iVBORw0KGgo=', '/9j/4AAQ'] });
    expect(warnings.map((warning) => warning.setting)).toEqual(['image.url', 'parallelToolCalls']);
  });

  it('sends {} with a warning for arguments that are not a JSON object', () => {
    const { body, warnings } = toOllamaRequest(
      request({ messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: 'not json' }] }] }),
      false,
    );
    expect(body.messages[0]?.tool_calls?.[0]?.function.arguments).toEqual({});
    expect(warnings).toEqual([expect.objectContaining({ setting: 'tool-call.arguments' })]);
  });
});
