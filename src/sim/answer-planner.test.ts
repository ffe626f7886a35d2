import { describe, expect, it } from 'vitest';
import { estimateTokens, planAnswer, reasoningSignature, toolRoundsOf, type SimulatedPrompt } from './answer-planner.ts';

const prompt = (overrides: Partial<SimulatedPrompt> = {}): SimulatedPrompt => ({
  model: 'm',
  stream: false,
  texts: ['Hello there'],
  lastMessageText: 'Hello there',
  toolRounds: 0,
  userText: 'Hello there',
  tools: [],
  toolChoice: { type: 'auto' },
  ...overrides,
});
const tools = [
  { name: 'first', schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
  { name: 'second', schema: { type: 'object', properties: {} } },
];

describe('planAnswer', () => {
  it('estimates input tokens as ceil(characters / 4)', () => {
    expect(estimateTokens(['abcde', 'fgh'])).toBe(2);
    expect(planAnswer(prompt({ texts: ['x'.repeat(9)] }), { name: 'm' }).inputTokens).toBe(3);
  });

  it('generates outputTokens words (24 by default) and stops with finish stop', () => {
    const answer = planAnswer(prompt(), { name: 'm' });
    expect(answer).toMatchObject({ outputTokens: 24, finish: 'stop' });
    expect(answer.chunks.join('')).toBe(answer.text);
  });

  it('caps at the request maximum with finish length, as a prefix of the full answer', () => {
    const full = planAnswer(prompt(), { name: 'm', outputTokens: 10 });
    const capped = planAnswer(prompt({ maxOutputTokens: 4 }), { name: 'm', outputTokens: 10 });
    expect(capped).toMatchObject({ outputTokens: 4, finish: 'length' });
    expect(full.text.startsWith(capped.text)).toBe(true);
    expect(planAnswer(prompt({ maxOutputTokens: 10 }), { name: 'm', outputTokens: 10 }).finish).toBe('stop');
  });

  it.each([
    ['the first tool by default', { type: 'auto' } as const, 'first'],
    ['the first tool when one is required', { type: 'required' } as const, 'first'],
    ['the forced tool', { type: 'tool', name: 'second' } as const, 'second'],
  ])('calls %s', (_name, toolChoice, expected) => {
    const answer = planAnswer(prompt({ tools, toolChoice }), { name: 'm' });
    expect(answer.finish).toBe('tool-call');
    expect(answer.toolCall?.name).toBe(expected);
    expect(answer.toolCall?.fragments.join('')).toBe(answer.toolCall?.argumentsJson);
    expect(answer.outputTokens).toBe(answer.toolCall?.fragments.length);
  });

  it('answers with text after a round of tool results or when tool choice is none', () => {
    expect(planAnswer(prompt({ tools, toolRounds: 1 }), { name: 'm' }).finish).toBe('stop');
    expect(planAnswer(prompt({ tools, toolChoice: { type: 'none' } }), { name: 'm' }).finish).toBe('stop');
  });

  it('calls tools for as many rounds as the model is configured to, then answers with text', () => {
    const model = { name: 'm', toolRounds: 3 };
    expect([0, 1, 2, 3, 4].map((toolRounds) => planAnswer(prompt({ tools, toolRounds }), model).finish)).toEqual(['tool-call', 'tool-call', 'tool-call', 'stop', 'stop']);
    expect(planAnswer(prompt({ tools }), { name: 'm', toolRounds: 0 }).finish).toBe('stop');
  });

  it('counts tool rounds since the user last wrote, whatever follows them', () => {
    expect(toolRoundsOf(['user'])).toBe(0);
    expect(toolRoundsOf(['user', 'tool-call', 'tool-result'])).toBe(1);
    // Claude Code: a system turn after the tool results, and an older finished loop before the user's new question.
    expect(toolRoundsOf(['user', 'tool-call', 'tool-result', 'other', 'tool-call', 'tool-result', 'other'])).toBe(2);
    expect(toolRoundsOf(['user', 'tool-call', 'tool-result', 'other', 'user', 'other'])).toBe(0);
    expect(toolRoundsOf(['tool-result'])).toBe(1);
  });

  it('calls the tool the user names, with a file path the user mentions', () => {
    const fileTools = [...tools, { name: 'Read', schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } }];
    const answer = planAnswer(prompt({ tools: fileTools, userText: 'Use the Read tool to read /tmp/work/notes.txt.' }), { name: 'm' });
    expect(answer.toolCall).toMatchObject({ name: 'Read', arguments: { file_path: '/tmp/work/notes.txt' } });
    expect(planAnswer(prompt({ tools: fileTools, userText: 'Reading is fun' }), { name: 'm' }).toolCall?.name).toBe('first');
  });

  it('starts with reasoning signed over its visible text when thinking is asked for', () => {
    const shown = planAnswer(prompt({ thinking: 'shown' }), { name: 'm', outputTokens: 5 });
    expect(shown.reasoning?.text).not.toBe('');
    expect(shown.reasoning?.chunks.join('')).toBe(shown.reasoning?.text);
    expect(shown.reasoning?.signature).toBe(reasoningSignature(shown.reasoning?.text ?? ''));
    expect(shown.outputTokens).toBeGreaterThan(5);
    const omitted = planAnswer(prompt({ thinking: 'omitted' }), { name: 'm' });
    expect(omitted.reasoning).toMatchObject({ text: '', chunks: [], signature: reasoningSignature('') });
    expect(planAnswer(prompt(), { name: 'm' }).reasoning).toBeUndefined();
  });

  it('answers a JSON object in JSON mode', () => {
    const answer = planAnswer(prompt({ responseFormat: { type: 'json' } }), { name: 'm', outputTokens: 6 });
    expect(JSON.parse(answer.text)).toMatchObject({ words: 6 });
    expect(answer.chunks.length).toBeGreaterThan(1);
  });

  it('depends on seed, model and last message only', () => {
    const base = planAnswer(prompt(), { name: 'm', seed: 1 }).text;
    expect(planAnswer(prompt({ texts: ['other history', 'Hello there'] }), { name: 'm', seed: 1 }).text).toBe(base);
    expect(planAnswer(prompt(), { name: 'm', seed: 2 }).text).not.toBe(base);
    expect(planAnswer(prompt({ model: 'n' }), { name: 'n', seed: 1 }).text).not.toBe(base);
  });
});
