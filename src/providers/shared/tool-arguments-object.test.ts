import { describe, expect, it } from 'vitest';
import type { Warning } from '../../core/canonical/result.ts';
import { toolArgumentsObject, toolArgumentsObjectOrEmpty } from './tool-arguments-object.ts';

describe('toolArgumentsObject', () => {
  it.each([
    ['', {}],
    ['  ', {}],
    ['{"location":"Oslo"}', { location: 'Oslo' }],
    ['{}', {}],
    ['[1,2]', undefined],
    ['"text"', undefined],
    ['42', undefined],
    ['null', undefined],
    ['{"location":', undefined],
  ])('reads %j as %j', (text, expected) => {
    expect(toolArgumentsObject(text)).toEqual(expected);
  });
});

describe('toolArgumentsObjectOrEmpty', () => {
  it('sends {} and warns, naming the call and the provider, for arguments that are not an object', () => {
    const warnings: Warning[] = [];
    expect(toolArgumentsObjectOrEmpty('[1]', 'call_7', 'Gemini', warnings)).toEqual({});
    expect(warnings).toEqual([
      { type: 'other', setting: 'tool-call.arguments', message: 'The arguments of tool call call_7 are not a JSON object; Gemini was sent {} instead.' },
    ]);
  });

  it('passes an object through without a warning', () => {
    const warnings: Warning[] = [];
    expect(toolArgumentsObjectOrEmpty('{"a":1}', 'call_1', 'Ollama', warnings)).toEqual({ a: 1 });
    expect(warnings).toEqual([]);
  });
});
