import { describe, expect, it } from 'vitest';
import { lastTurnHasToolResult } from './last-turn-has-tool-result.ts';

describe('lastTurnHasToolResult', () => {
  it.each([
    [[{ role: 'user' }], false],
    [[{ role: 'user' }, { role: 'assistant' }, { role: 'tool' }], true],
    [[{ role: 'user' }, { role: 'assistant' }, { role: 'tool' }, { role: 'user' }], true],
    [[{ role: 'user' }, { role: 'assistant' }, { role: 'tool' }, { role: 'assistant' }, { role: 'user' }], false],
    [[], false],
  ])('reads %j as %s', (messages, expected) => {
    expect(lastTurnHasToolResult(messages)).toBe(expected);
  });
});
