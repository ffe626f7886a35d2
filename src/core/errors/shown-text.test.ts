import { describe, expect, it } from 'vitest';
import { jsonPath, shownText } from './shown-text.ts';

describe('shownText', () => {
  it.each(['system', 'tool_use', 'video', 'get_weather'])('quotes a plain word: %j', (word) => {
    expect(shownText(word)).toBe(JSON.stringify(word));
    expect(shownText(word, 40, "'")).toBe(`'${word}'`);
  });

  it.each(['anna.schmidt@example.de', 'sk-proj-Zq3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAbCd', 'AKIAIOSFODNN7EXAMPLE', 'SECRET//NOFORN', 'x'.repeat(41)])(
    'shows only the length of %j',
    (text) => {
      expect(shownText(text)).toBe(`a text of ${text.length} characters`);
    },
  );
});

describe('jsonPath', () => {
  it('writes keys and indices, hiding keys that hold data', () => {
    expect(jsonPath(['messages', 0, 'content'])).toBe('messages[0].content');
    expect(jsonPath(['metadata', 'anna@example.de', 'x'])).toBe('metadata.<key of 15 characters>.x');
    expect(jsonPath([])).toBe('');
  });
});
