import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { DEFAULT_MAX_TOKENS, toAnthropicRequest } from './to-anthropic-request.ts';

function request(overrides: Partial<ChatRequest>): ChatRequest {
  return { model: 'claude-x', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], stream: false, ...overrides };
}

describe('toAnthropicRequest', () => {
  it('gathers system messages, merges tool results into one user turn and merges same-role turns', () => {
    const { body, warnings } = toAnthropicRequest(
      request({
        maxOutputTokens: 200,
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
          { role: 'user', content: [{ type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' }] },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: '' },
              { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
              { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '' },
            ],
          },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: '18C' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_2', content: 'unknown city', isError: true }] },
          { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
        ],
      }),
    );
    expect(body).toEqual({
      model: 'claude-x',
      max_tokens: 200,
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Answer in French.' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in Paris and Rome?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'get_weather', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
            { type: 'tool_result', tool_use_id: 'call_2', content: 'unknown city', is_error: true },
            { type: 'text', text: 'Thanks' },
          ],
        },
      ],
    });
    expect(warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('moved into the system prompt') })]);
  });

  it('puts tool results before text when a user message precedes tool messages', () => {
    const { body } = toAnthropicRequest(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'note' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', content: 'r' }] },
        ],
      }),
    );
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: 'r' }, { type: 'text', text: 'note' }] }]);
  });

  it('sends a single plain system part as a string and keeps cache_control on blocks', () => {
    expect(toAnthropicRequest(request({ messages: [{ role: 'system', content: [{ type: 'text', text: 'S' }] }, { role: 'user', content: [{ type: 'text', text: 'U' }] }] })).body.system).toBe('S');
    const cached = toAnthropicRequest(
      request({ messages: [{ role: 'system', content: [{ type: 'text', text: 'S', providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } }] }, { role: 'user', content: [{ type: 'text', text: 'U' }] }] }),
    );
    expect(cached.body.system).toEqual([{ type: 'text', text: 'S', cache_control: { type: 'ephemeral' } }]);
  });

  it.each([
    ['the request', { maxOutputTokens: 77 }, 77],
    ['providerOptions.anthropic.max_tokens', { providerOptions: { anthropic: { max_tokens: 8192 } } }, 8192],
    ['the default', {}, DEFAULT_MAX_TOKENS],
    ['the default (invalid option ignored)', { providerOptions: { anthropic: { max_tokens: -3 } } }, DEFAULT_MAX_TOKENS],
  ])('takes max_tokens from %s', (_name, overrides, expected) => {
    expect(toAnthropicRequest(request(overrides)).body.max_tokens).toBe(expected);
  });

  it('uses defaultMaxTokens when given', () => {
    expect(toAnthropicRequest(request({}), { defaultMaxTokens: 1000 }).body.max_tokens).toBe(1000);
  });

  it.each([
    [{ type: 'auto' }, undefined, { type: 'auto' }],
    [{ type: 'required' }, false, { type: 'any', disable_parallel_tool_use: true }],
    [{ type: 'tool', name: 'f' }, true, { type: 'tool', name: 'f', disable_parallel_tool_use: false }],
    [{ type: 'none' }, false, { type: 'none' }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
    [undefined, undefined, undefined],
  ] as const)('maps tool choice %j with parallelToolCalls %s', (toolChoice, parallelToolCalls, expected) => {
    const { body } = toAnthropicRequest(
      request({
        tools: [{ name: 'f', inputSchema: { type: 'object' }, strict: true }],
        ...(toolChoice ? { toolChoice } : {}),
        ...(parallelToolCalls === undefined ? {} : { parallelToolCalls }),
      }),
    );
    expect(body.tools).toEqual([{ name: 'f', input_schema: { type: 'object' }, strict: true }]);
    expect(body.tool_choice).toEqual(expected);
  });

  it('appends server tools kept by the inbound parser', () => {
    const webSearch = { type: 'web_search_20250305', name: 'web_search' };
    const { body } = toAnthropicRequest(request({ tools: [{ name: 'f', inputSchema: {} }], providerOptions: { anthropic: { serverTools: [webSearch] } } }));
    expect(body.tools).toEqual([{ name: 'f', input_schema: {} }, webSearch]);
    expect(body).not.toHaveProperty('serverTools');
  });

  it('turns unsupported settings into warnings, not exceptions', () => {
    const { body, warnings } = toAnthropicRequest(
      request({ responseFormat: { type: 'json' }, presencePenalty: 1, frequencyPenalty: 1, seed: 3, temperature: 1.7, toolChoice: { type: 'required' } }),
    );
    expect(body.temperature).toBe(1);
    expect(body).not.toHaveProperty('tool_choice');
    expect(warnings.map((warning) => warning.setting)).toEqual(['toolChoice', 'temperature', 'responseFormat', 'presencePenalty', 'frequencyPenalty', 'seed']);
    expect(warnings.every((warning) => warning.type === 'unsupported-setting')).toBe(true);
  });

  it('sends a JSON schema as structured outputs, merged with output_config options', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    const { body, warnings } = toAnthropicRequest(
      request({ responseFormat: { type: 'json-schema', name: 'x', schema }, providerOptions: { anthropic: { output_config: { effort: 'low' } } } }),
    );
    expect(body.output_config).toEqual({ effort: 'low', format: { type: 'json_schema', schema } });
    expect(warnings).toEqual([]);
  });

  it('merges providerOptions.anthropic without overriding canonical fields', () => {
    const { body } = toAnthropicRequest(
      request({
        temperature: 0.2,
        stopSequences: ['x'],
        user: 'u1',
        stream: true,
        providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 }, temperature: 0.9, messages: [], service_tier: 'auto' } },
      }),
      { stream: false },
    );
    expect(body).toEqual({
      model: 'claude-x',
      max_tokens: DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stop_sequences: ['x'],
      temperature: 0.2,
      metadata: { user_id: 'u1' },
      thinking: { type: 'enabled', budget_tokens: 1024 },
      service_tier: 'auto',
    });
  });

  it('sends invalid tool arguments as {} with a warning', () => {
    const { body, warnings } = toAnthropicRequest(
      request({ messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{"a":' }] }] }),
    );
    expect(body.messages).toEqual([{ role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'f', input: {} }] }]);
    expect(warnings).toHaveLength(1);
  });
});
