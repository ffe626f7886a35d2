import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../canonical/request.ts';
import { compressRequest } from './compress-request.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const request = (): ChatRequest =>
  deepFreeze({
    model: 'gpt-4o',
    stream: false,
    tools: [{ name: 'get_user', description: 'Get a user.  \n\n\n\nReturns JSON.', inputSchema: { type: 'object', properties: { id: { type: 'string' } } } }],
    messages: [
      { role: 'system', content: [{ type: 'text', text: '# Policy  \n\n\n\nBe kind.' }] },
      { role: 'user', content: [{ type: 'text', text: 'My data:  {"a": 1}\n\n\n\n```\nx  \n```' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'get_user', arguments: '{"id": "u1"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: '{"name": {"first": "Mia"}, "dob": "1990-04-05"}' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello  \n\n\n\nMia' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: '[1, 2]' }, { type: 'image', url: 'https://example.com/a.png' }] }] },
    ],
  });

describe('compressRequest', () => {
  it('minifies JSON tool results and arguments and normalises system text and tool descriptions', () => {
    const input = request();
    const { request: output, stats } = compressRequest(input);
    expect(output.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: '# Policy\n\nBe kind.' }] });
    expect(output.messages[2]?.content[0]).toMatchObject({ arguments: '{"id":"u1"}' });
    expect(output.messages[3]?.content[0]).toMatchObject({ content: '{"name":{"first":"Mia"},"dob":"1990-04-05"}' });
    expect(output.messages[5]?.content[0]).toMatchObject({ content: [{ type: 'text', text: '[1,2]' }, { type: 'image', url: 'https://example.com/a.png' }] });
    expect(output.tools?.[0]?.description).toBe('Get a user.\n\nReturns JSON.');
    expect(stats).toMatchObject({ toolResultsMinified: 2, toolArgumentsMinified: 1, textsNormalized: 2 });
    expect(stats.charactersAfter).toBeLessThan(stats.charactersBefore);
  });

  it('never touches user or assistant prose', () => {
    const input = request();
    const { request: output } = compressRequest(input);
    expect(output.messages[1]).toBe(input.messages[1]);
    expect(output.messages[4]).toBe(input.messages[4]);
  });

  it('applies only the techniques asked for', () => {
    const input = request();
    const onlyJson = compressRequest(input, { whitespace: false }).request;
    expect(onlyJson.messages[0]).toBe(input.messages[0]);
    expect(onlyJson.tools).toBe(input.tools);
    const onlyWhitespace = compressRequest(input, { json: false }).request;
    expect(onlyWhitespace.messages[3]).toBe(input.messages[3]);
    expect(onlyWhitespace.messages[2]).toBe(input.messages[2]);
  });

  it('returns the very same request when there is nothing to compress', () => {
    const input = compressRequest(request()).request;
    const again = compressRequest(input);
    expect(again.request).toBe(input);
    expect(again.stats.charactersBefore).toBe(0);
  });

  it('is deterministic, so every turn of a conversation compresses its history to the same bytes', () => {
    expect(JSON.stringify(compressRequest(request()).request)).toBe(JSON.stringify(compressRequest(request()).request));
  });
});
