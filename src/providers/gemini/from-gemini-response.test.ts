import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromGeminiResponse } from './from-gemini-response.ts';
import type { GeminiGenerateContentResponse } from './gemini-wire-types.ts';

function fixture(name: string): GeminiGenerateContentResponse {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as GeminiGenerateContentResponse;
}

describe('fromGeminiResponse', () => {
  it('reads a text answer with its usage, counting thinking tokens as output', () => {
    const result = fromGeminiResponse(fixture('generate-content-text.json'), 'gemini-2.5-flash', []);
    expect(result.id).toBe('kX9oaOmDA4-tmtkPqL3j-Qc');
    expect(result.model).toBe('gemini-2.5-flash');
    expect(result.content).toEqual([
      { type: 'text', text: 'The sky looks blue because air molecules scatter short (blue) wavelengths of sunlight more than long ones.' },
    ]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'STOP' });
    expect(result.usage).toMatchObject({ inputTokens: 11, outputTokens: 141, cachedInputTokens: 4, reasoningTokens: 120 });
  });

  it('reads function calls as tool calls with stable ids and JSON arguments, finishing with tool-calls', () => {
    const result = fromGeminiResponse(fixture('generate-content-function-call.json'), 'gemini-2.5-flash', []);
    expect(result.content).toEqual([
      { type: 'tool-call', id: 'call_0_get_current_weather_Pn9oaPa9L5yAmtkP2YyZkAc', name: 'get_current_weather', arguments: '{"location":"Paris","unit":"celsius"}' },
      { type: 'tool-call', id: 'call_1_get_current_weather_Pn9oaPa9L5yAmtkP2YyZkAc', name: 'get_current_weather', arguments: '{"location":"Berlin","unit":"celsius"}' },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    expect(result.providerMetadata?.gemini?.thoughtSignatures).toEqual({
      call_0_get_current_weather_Pn9oaPa9L5yAmtkP2YyZkAc: 'CtwBAVSoXO5pU5QlbR1bq6Ss2mB0mS6YVY0Jd7sKAm1tF8uH2b6o0Zq0',
    });
  });

  it('gives a blocked prompt an empty answer and a content-filter finish', () => {
    const result = fromGeminiResponse(fixture('prompt-blocked.json'), 'gemini-2.5-flash', []);
    expect(result.content).toEqual([]);
    expect(result.finishReason).toEqual({ unified: 'content-filter', raw: 'PROHIBITED_CONTENT' });
    expect(result.usage.inputTokens).toBe(7);
  });

  it('leaves thought summaries out and joins adjacent text parts', () => {
    const result = fromGeminiResponse(
      {
        candidates: [
          { content: { parts: [{ text: 'thinking...', thought: true }, { text: 'Hello' }, { text: ', world' }] }, finishReason: 'STOP' },
        ],
      },
      'gemini-x',
      [{ type: 'other', message: 'kept' }],
    );
    expect(result.content).toEqual([{ type: 'text', text: 'Hello, world' }]);
    expect(result.model).toBe('gemini-x');
    expect(result.warnings).toEqual([{ type: 'other', message: 'kept' }]);
  });
});
