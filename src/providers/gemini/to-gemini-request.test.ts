import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { skipThoughtSignatureValidator } from './to-gemini-contents.ts';
import { toGeminiRequest } from './to-gemini-request.ts';

function request(overrides: Partial<ChatRequest>): ChatRequest {
  return { model: 'gemini-2.5-flash', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], ...overrides };
}

const weatherTurn: ChatRequest['messages'] = [
  { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
  { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Berlin?' }] },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'call_b', name: 'get_time', arguments: '{"city":"Berlin"}' },
    ],
  },
  {
    role: 'tool',
    content: [
      { type: 'tool-result', toolCallId: 'call_b', content: '12:00' },
      { type: 'tool-result', toolCallId: 'call_a', content: 'not found', isError: true },
    ],
  },
  { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
];

describe('toGeminiRequest', () => {
  it('puts leading system messages in systemInstruction and maps roles to user/model', () => {
    const { body } = toGeminiRequest(request({ messages: weatherTurn }));
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(body.contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
  });

  it('resolves function response names from the earlier tool calls and merges them with the next user turn', () => {
    const { body } = toGeminiRequest(request({ messages: weatherTurn }));
    expect(body.contents[2]?.parts).toEqual([
      { functionResponse: { name: 'get_time', response: { output: '12:00' } } },
      { functionResponse: { name: 'get_weather', response: { error: 'not found' } } },
      { text: 'Thanks' },
    ]);
  });

  it('sends tool call arguments as objects and signs only the first call of a turn', () => {
    const { body } = toGeminiRequest(request({ messages: weatherTurn }));
    expect(body.contents[1]?.parts).toEqual([
      { text: 'Checking.' },
      { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: skipThoughtSignatureValidator },
      { functionCall: { name: 'get_time', args: { city: 'Berlin' } } },
    ]);
  });

  it('restores thought signatures given in providerOptions and does not send them as a body field', () => {
    const { body } = toGeminiRequest(
      request({ messages: weatherTurn, providerOptions: { gemini: { thoughtSignatures: { call_a: 'sig-a', call_b: 'sig-b' } } } }),
    );
    const parts = body.contents[1]?.parts ?? [];
    expect(parts.map((part) => part.thoughtSignature)).toEqual([undefined, 'sig-a', 'sig-b']);
    expect(body).not.toHaveProperty('thoughtSignatures');
  });

  it.each([
    ['invalid JSON', '{"city":'],
    ['an array', '[1,2]'],
  ])('sends {} with a warning when the arguments are %s', (_name, text) => {
    const { body, warnings } = toGeminiRequest(
      request({ messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: text }] }] }),
    );
    expect(body.contents[0]?.parts[0]?.functionCall?.args).toEqual({});
    expect(warnings).toEqual([expect.objectContaining({ setting: 'tool-call.arguments' })]);
  });

  it('refuses a tool result whose call it cannot find, naming the parameter', () => {
    const messages: ChatRequest['messages'] = [{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'nope', content: 'x' }] }];
    let thrown: unknown;
    try {
      toGeminiRequest(request({ messages }));
    } catch (error) {
      thrown = error;
    }
    expect(GatewayError.isInstance(thrown) && thrown.code).toBe('invalid_request');
    expect((thrown as GatewayError).param).toBe('messages[0].content[0].toolCallId');
  });

  it('keeps a later system message in place as user text', () => {
    const { body } = toGeminiRequest(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'a' }] },
          { role: 'system', content: [{ type: 'text', text: 'now answer in French' }] },
        ],
      }),
    );
    expect(body.systemInstruction).toBeUndefined();
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'a' }, { text: 'now answer in French' }] }]);
  });

  it('maps images: inline data and data URLs to inlineData, other URLs to fileData with a warning', () => {
    const { body, warnings } = toGeminiRequest(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', data: 'AAAA', mediaType: 'image/png' },
              { type: 'image', url: 'data:image/webp;base64,BBBB' },
              { type: 'image', url: 'gs://bucket/cat.jpg' },
              { type: 'image', url: 'https://example.com/dog.png' },
            ],
          },
        ],
      }),
    );
    expect(body.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
      { inlineData: { mimeType: 'image/webp', data: 'BBBB' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'gs://bucket/cat.jpg' } },
      { fileData: { mimeType: 'image/png', fileUri: 'https://example.com/dog.png' } },
    ]);
    expect(warnings).toEqual([expect.objectContaining({ setting: 'image.url' })]);
  });

  it('maps sampling settings and a JSON schema to generationConfig', () => {
    const { body } = toGeminiRequest(
      request({
        maxOutputTokens: 256,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        stopSequences: ['END'],
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
        seed: 7,
        responseFormat: { type: 'json-schema', name: 'answer', schema: { $schema: 'x', type: 'object', properties: { a: { type: 'string' } } } },
      }),
    );
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 256,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      seed: 7,
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } },
    });
  });

  it('leaves generationConfig out when nothing is set, and sets only the MIME type for JSON mode', () => {
    expect(toGeminiRequest(request({})).body).not.toHaveProperty('generationConfig');
    expect(toGeminiRequest(request({ responseFormat: { type: 'json' } })).body.generationConfig).toEqual({ responseMimeType: 'application/json' });
  });

  it.each([
    [{ type: 'auto' } as const, { mode: 'AUTO' }],
    [{ type: 'none' } as const, { mode: 'NONE' }],
    [{ type: 'required' } as const, { mode: 'ANY' }],
    [{ type: 'tool', name: 'get_weather' } as const, { mode: 'ANY', allowedFunctionNames: ['get_weather'] }],
  ])('maps tool choice %j to functionCallingConfig %j', (toolChoice, config) => {
    const { body } = toGeminiRequest(
      request({ tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } }], toolChoice }),
    );
    expect(body.toolConfig).toEqual({ functionCallingConfig: config });
    expect(body.tools).toEqual([
      { functionDeclarations: [{ name: 'get_weather', description: 'Weather', parametersJsonSchema: { type: 'object' } }] },
    ]);
  });

  it('warns that parallelToolCalls cannot be honoured and merges Gemini-only provider options', () => {
    const { body, warnings } = toGeminiRequest(
      request({
        temperature: 1,
        parallelToolCalls: false,
        providerOptions: { gemini: { generationConfig: { thinkingConfig: { thinkingBudget: 0 } }, safetySettings: [] } },
      }),
    );
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported-setting', setting: 'parallelToolCalls' })]);
    expect(body.generationConfig).toEqual({ temperature: 1, thinkingConfig: { thinkingBudget: 0 } });
    expect(body.safetySettings).toEqual([]);
  });
});
