import { describe, expect, it } from 'vitest';
import type { Message } from '../../../core/canonical/message.ts';
import { truncateConversation } from './truncate-conversation.ts';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const system: Message = { role: 'system', content: [{ type: 'text', text: 'rules' }] };
const call: Message = { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] };
const result: Message = { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: 'ok' }] };
const atMost = (count: number) => (messages: readonly Message[]) => messages.length <= count;

describe('truncateConversation', () => {
  it('leaves a conversation that fits alone', () => {
    const messages = [system, user('a'), user('b')];
    expect(truncateConversation(messages, atMost(3))).toBe(messages);
  });

  it('drops the oldest messages first and keeps the system messages', () => {
    expect(truncateConversation([system, user('a'), user('b'), user('c')], atMost(3))).toEqual([system, user('b'), user('c')]);
  });

  it('never keeps a tool result without its call', () => {
    expect(truncateConversation([user('a'), call, result, user('b')], atMost(2))).toEqual([user('b')]);
  });

  it('keeps the messages as they were when even the last one alone does not fit', () => {
    const messages = [system, user('a'), user('b')];
    expect(truncateConversation(messages, atMost(0))).toBe(messages);
  });
});
