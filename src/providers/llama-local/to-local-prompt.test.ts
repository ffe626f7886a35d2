import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../core/canonical/message.ts';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { toLocalPrompt } from './to-local-prompt.ts';

const request = (messages: Message[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'm', messages, stream: false, ...extra });
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ type: 'text', text }] });
const system = (text: string): Message => ({ role: 'system', content: [{ type: 'text', text }] });

describe('toLocalPrompt without a chat template (plain completion)', () => {
  it('a lone user message is the prompt itself, after the system text', () => {
    expect(toLocalPrompt(request([user('Once upon a time')]), false)).toMatchObject({ kind: 'completion', text: 'Once upon a time', stopSequences: [] });
    expect(toLocalPrompt(request([system('Be brief.'), user('Once')]), false)).toMatchObject({ text: 'Be brief.\n\nOnce' });
  });

  it('a conversation is a transcript ending in the assistant turn, stopping before the next user turn', () => {
    const prompt = toLocalPrompt(request([user('Hi'), assistant('Hello.'), user('Tell a story')], { stopSequences: ['THE END'] }), false);
    expect(prompt).toEqual({ kind: 'completion', text: 'User: Hi\n\nAssistant: Hello.\n\nUser: Tell a story\n\nAssistant:', stopSequences: ['THE END', '\nUser:'], warnings: [] });
  });

  it('continues a final assistant message (prefill)', () => {
    const prompt = toLocalPrompt(request([user('Hi'), assistant('Once upon')]), false);
    expect(prompt.kind === 'completion' && prompt.text).toBe('User: Hi\n\nAssistant: Once upon');
  });

  it('writes tool calls and results as text and warns about what it leaves out', () => {
    const prompt = toLocalPrompt(
      request(
        [
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', url: 'https://example.test/a.png' }] },
          { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: 'sunny' }] },
        ],
        { tools: [{ name: 'get_weather', inputSchema: { type: 'object' } }] },
      ),
      false,
    );
    expect(prompt.kind === 'completion' && prompt.text).toBe('User: Weather?\n\nAssistant: [call get_weather({"city":"Paris"})]\n\nTool: [result of c1: sunny]\n\nAssistant:');
    expect(prompt.warnings.map((warning) => warning.setting)).toEqual(['tools', 'images']);
  });
});

describe('toLocalPrompt with documents and reasoning (Anthropic clients)', () => {
  it('reads a plain-text document as text and leaves out reasoning another provider produced', () => {
    const prompt = toLocalPrompt(
      request([
        { role: 'user', content: [{ type: 'document', mediaType: 'text/plain', text: 'The contract says ten days.' }, { type: 'text', text: 'How long?' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'secret chain', signature: 'sig' }, { type: 'reasoning', text: '', redactedData: 'opaque' }, { type: 'text', text: 'Ten days.' }] },
        user('Sure?'),
      ]),
      false,
    );
    expect(prompt.kind === 'completion' && prompt.text).toBe('User: The contract says ten days.\nHow long?\n\nAssistant: Ten days.\n\nUser: Sure?\n\nAssistant:');
  });

  it.each([
    ['inline', { data: 'JVBERi0=' }],
    ['by URL', { url: 'https://example.test/a.pdf' }],
  ])('refuses a PDF given %s with a 400 rather than answering without it', (_how, source) => {
    const call = () => toLocalPrompt(request([{ role: 'user', content: [{ type: 'document', mediaType: 'application/pdf', ...source }, { type: 'text', text: 'Summarise.' }] }]), true);
    expect(call).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400, param: 'messages' }));
  });
});

describe('toLocalPrompt with a chat template', () => {
  it('builds the chat history and opens the model turn', () => {
    const prompt = toLocalPrompt(request([system('S'), user('U'), assistant('A'), user('V')]), true);
    expect(prompt).toMatchObject({
      kind: 'chat',
      history: [
        { type: 'system', text: 'S' },
        { type: 'user', text: 'U' },
        { type: 'model', response: ['A'] },
        { type: 'user', text: 'V' },
        { type: 'model', response: [] },
      ],
    });
  });

  it('continues a final assistant message instead of opening another turn', () => {
    const prompt = toLocalPrompt(request([user('U'), assistant('Once')]), true);
    expect(prompt.kind === 'chat' && prompt.history.at(-1)).toEqual({ type: 'model', response: ['Once'] });
  });
});

describe('toLocalPrompt (property)', () => {
  const text = fc.string({ maxLength: 40 });
  const message = fc.oneof(text.map(user), text.map(assistant), text.map(system));
  it('never throws, and every message text reaches the prompt', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 8 }), fc.boolean(), (messages, template) => {
        const prompt = toLocalPrompt(request(messages), template);
        const rendered = prompt.kind === 'completion' ? prompt.text : JSON.stringify(prompt.history);
        for (const item of messages) {
          const value = item.content[0]?.type === 'text' ? item.content[0].text : '';
          const expected = prompt.kind === 'completion' ? value : JSON.stringify(value).slice(1, -1);
          expect(rendered).toContain(expected);
        }
        if (prompt.kind === 'chat') expect(prompt.history.at(-1)?.type).toBe('model');
      }),
    );
  });
});
