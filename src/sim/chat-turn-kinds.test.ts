import { describe, expect, it } from 'vitest';
import { toolRoundsOf } from './answer-planner.ts';
import { chatTurnKinds } from './chat-turn-kinds.ts';

const call = { role: 'assistant', tool_calls: [{ id: 'call_1' }] };

describe('chatTurnKinds', () => {
  it.each([
    [[{ role: 'user' }], ['user'], 0],
    [[{ role: 'user' }, call, { role: 'tool' }], ['user', 'tool-call', 'tool-result'], 1],
    // A note after the tool's output is part of the results' turn: the loop does not start again.
    [[{ role: 'user' }, call, { role: 'tool' }, { role: 'user' }], ['user', 'tool-call', 'tool-result', 'tool-result'], 1],
    [[{ role: 'user' }, call, { role: 'tool' }, { role: 'assistant' }, { role: 'user' }], ['user', 'tool-call', 'tool-result', 'other', 'user'], 0],
    [[{ role: 'user' }, call, { role: 'tool' }, call, { role: 'tool' }, { role: 'user' }], ['user', 'tool-call', 'tool-result', 'tool-call', 'tool-result', 'tool-result'], 2],
    [[{ role: 'system' }, { role: 'user' }], ['other', 'user'], 0],
    [[], [], 0],
  ])('reads %j as %j (%i tool rounds)', (messages, kinds, rounds) => {
    expect(chatTurnKinds(messages)).toEqual(kinds);
    expect(toolRoundsOf(chatTurnKinds(messages))).toBe(rounds);
  });
});
