import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { toOpenAIRequest } from './to-openai-request.ts';

const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false };

describe('toOpenAIRequest', () => {
  it('merges the client extras back in, canonical fields winning', () => {
    const { body } = toOpenAIRequest({ ...base, temperature: 0.5, providerOptions: { openai: { logit_bias: { '1': 2 }, temperature: 2, model: 'other' } } });
    expect(body).toMatchObject({ model: 'm', temperature: 0.5, logit_bias: { '1': 2 } });
  });

  it.each([
    ['max_tokens by default', {}, { max_tokens: 100 }],
    ['max_completion_tokens when the client used it', { max_completion_tokens: 5 }, { max_completion_tokens: 100 }],
  ])('sends the limit as %s', (_name, extras, expected) => {
    const { body } = toOpenAIRequest({ ...base, maxOutputTokens: 100, providerOptions: { openai: extras } });
    expect(body).toMatchObject(expected);
    expect(Object.keys(body).filter((key) => key.startsWith('max_'))).toEqual(Object.keys(expected));
  });

  it('sends stream_options only when streaming', () => {
    expect(toOpenAIRequest({ ...base, includeUsage: true }).body).not.toHaveProperty('stream_options');
    expect(toOpenAIRequest({ ...base, stream: true, includeUsage: true }).body.stream_options).toEqual({ include_usage: true });
  });

  it('splits a tool message with several results and warns about images it cannot send', () => {
    const { body, warnings } = toOpenAIRequest({
      ...base,
      messages: [
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'a', content: 'one' },
            { type: 'tool-result', toolCallId: 'b', content: [{ type: 'text', text: 'two' }, { type: 'image', url: 'https://x/y.png' }] },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'tool', tool_call_id: 'a', content: 'one' },
      { role: 'tool', tool_call_id: 'b', content: [{ type: 'text', text: 'two' }] },
    ]);
    expect(warnings).toHaveLength(1);
  });

  it('writes inline images as data URLs and assistant tool calls with null content', () => {
    const { body } = toOpenAIRequest({
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', data: 'AAAA', mediaType: 'image/webp', detail: 'low' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{}' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'data:image/webp;base64,AAAA', detail: 'low' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    ]);
  });
});
