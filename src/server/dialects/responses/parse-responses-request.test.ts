import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { parseResponsesRequest } from './parse-responses-request.ts';

const parse = (body: Record<string, unknown>) => parseResponsesRequest({ model: 'm', ...body }, { id: 'resp_x', createdAt: 1 });

function refusal(body: Record<string, unknown>): GatewayError {
  try {
    parse(body);
  } catch (error) {
    if (GatewayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseResponsesRequest', () => {
  it('puts instructions first, then the input, with developer messages as system messages where they stand', () => {
    const { request } = parse({ instructions: 'rules', input: [{ role: 'user', content: 'hi' }, { role: 'developer', content: 'note' }, { role: 'user', content: 'more' }] });
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'user', 'system', 'user']);
  });

  it('translates function, custom and namespaced tools, and leaves hosted tools out by type', () => {
    const { request, turn } = parse({
      input: 'x',
      tools: [
        { type: 'function', name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } }, strict: true },
        { type: 'custom', name: 'patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
        { type: 'namespace', name: 'crm', tools: [{ type: 'function', name: 'find' }] },
        { type: 'web_search' },
        { type: 'web_search' },
        { type: 'file_search', vector_store_ids: ['vs_1'] },
      ],
    });
    expect(request.tools?.map((tool) => tool.name)).toEqual(['f', 'patch', 'crm__find']);
    expect(request.tools?.[0]).toMatchObject({ strict: true, inputSchema: { properties: { a: { type: 'string' } } } });
    expect(request.tools?.[1]?.inputSchema).toMatchObject({ required: ['input'], properties: { input: { type: 'string' } } });
    expect(JSON.stringify(request.tools?.[1])).toContain('start: \\"x\\"');
    expect(turn.origins.get('crm__find')).toEqual({ kind: 'function', name: 'find', namespace: 'crm' });
    expect(turn.omittedTools).toEqual(['web_search', 'file_search']);
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'required' }],
    [{ type: 'function', name: 'f' }, { type: 'tool', name: 'f' }],
    [{ type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'g' }] }, { type: 'required' }],
  ])('maps tool_choice %j', (choice, expected) => {
    const { request } = parse({ input: 'x', tools: [{ type: 'function', name: 'f' }, { type: 'function', name: 'g' }], tool_choice: choice });
    expect(request.toolChoice).toEqual(expected);
    if (typeof choice === 'object' && choice.type === 'allowed_tools') expect(request.tools?.map((tool) => tool.name)).toEqual(['g']);
  });

  it('keeps reasoning effort for OpenAI-compatible providers and the sampling settings', () => {
    const { request, turn } = parse({ input: 'x', reasoning: { effort: 'high', summary: 'auto' }, temperature: 0.2, top_p: 0.5, max_output_tokens: 100, parallel_tool_calls: false });
    expect(request.providerOptions).toEqual({ openai: { reasoning_effort: 'high' } });
    expect(request).toMatchObject({ temperature: 0.2, topP: 0.5, maxOutputTokens: 100, parallelToolCalls: false });
    expect(turn.echo.reasoning).toEqual({ effort: 'high', summary: 'auto' });
  });

  it('turns an output without call_id into user text that names the tool', () => {
    const { request } = parse({ input: [{ type: 'function_call_output', name: 'goal', namespace: 'agent', output: 'ship it' }] });
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Output of agent.goal:' }, { type: 'text', text: 'ship it' }] }]);
  });

  it('reads images by URL and refuses file ids', () => {
    const { request } = parse({ input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' }] }] });
    expect(request.messages[0]?.content[0]).toEqual({ type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png', detail: 'low' });
    expect(refusal({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] }).param).toBe('input[0].content[0].file_id');
  });

  it.each([
    [{ input: 'x', background: true }, 'background'],
    [{ input: 'x', conversation: 'conv_1' }, 'conversation'],
    [{ input: 'x', prompt: { id: 'pmpt_1' } }, 'prompt'],
    [{ input: 'x', tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search_preview' } }, 'tool_choice'],
    [{ input: 'x', tools: [{ type: 'function', name: 'f' }], tool_choice: { type: 'web_search_preview' } }, 'tool_choice.type'],
    [{ input: 'x', tools: [{ type: 'function', name: 'a b' }] }, 'tools[0].name'],
    [{ input: 'x', tools: [{ type: 'function', name: 'f' }, { type: 'function', name: 'f' }] }, 'tools[1].name'],
    [{ input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] }] }, 'input[0].content[0].type'],
    [{ input: [{ role: 'robot', content: 'x' }] }, 'input[0].role'],
    [{ input: 'x', metadata: Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`k${index}`, 'v'])) }, 'metadata'],
    [{ input: 'x', text: { format: { type: 'json_schema', name: 'n' } } }, 'text.format.schema'],
    [{ input: [] }, 'input'],
  ])('refuses %j naming %s', (body, param) => {
    const error = refusal(body);
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe(param);
  });
});
