import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromOllamaResponse } from './from-ollama-response.ts';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.ts';
import type { OllamaChatResponse } from './ollama-wire-types.ts';

function fixture(name: string): OllamaChatResponse {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as OllamaChatResponse;
}

describe('fromOllamaResponse', () => {
  it('reads a text answer with its token counts', () => {
    const result = fromOllamaResponse(fixture('chat-response.json'), 'llama3.2', []);
    expect(result.content).toEqual([{ type: 'text', text: 'Rayleigh scattering: air molecules scatter blue light more than red light.' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(result.usage).toMatchObject({ inputTokens: 26, outputTokens: 15 });
    expect(result.model).toBe('llama3.2');
  });

  it('reads tool calls with synthesised ids and JSON arguments, finishing with tool-calls', () => {
    const result = fromOllamaResponse(fixture('chat-tool-call.json'), 'llama3.2', []);
    expect(result.content).toEqual([
      {
        type: 'tool-call',
        id: 'call_0_get_current_weather_20240722203328123648',
        name: 'get_current_weather',
        arguments: '{"format":"celsius","location":"Paris, FR"}',
      },
    ]);
    expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'stop' });
  });

  it('uses an id Ollama sends and leaves thinking out', () => {
    const result = fromOllamaResponse(
      { done: true, message: { role: 'assistant', content: '', thinking: 'hmm', tool_calls: [{ id: 'call_x', function: { name: 'f' } }] } },
      'qwen3',
      [],
    );
    expect(result.content).toEqual([{ type: 'tool-call', id: 'call_x', name: 'f', arguments: '{}' }]);
    expect(result.model).toBe('qwen3');
  });
});

describe('mapOllamaFinishReason', () => {
  it.each([
    ['stop', false, { unified: 'stop', raw: 'stop' }],
    ['stop', true, { unified: 'tool-calls', raw: 'stop' }],
    ['length', true, { unified: 'length', raw: 'length' }],
    ['unload', false, { unified: 'other', raw: 'unload' }],
    [undefined, false, { unified: 'stop' }],
  ] as const)('%s (tool calls: %s) → %j', (raw, hasToolCalls, expected) => {
    expect(mapOllamaFinishReason(raw, hasToolCalls)).toEqual(expected);
  });
});
