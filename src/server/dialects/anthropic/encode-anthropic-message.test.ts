import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../../core/canonical/result.ts';
import { encodeAnthropicMessage } from './encode-anthropic-message.ts';

const meta = { id: 'msg_gw', model: 'claude-x' };

function result(overrides: Partial<ChatResult>): ChatResult {
  return { model: 'upstream', content: [], finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 10, outputTokens: 5 }, warnings: [], ...overrides };
}

describe('encodeAnthropicMessage', () => {
  it('encodes text and tool calls as a message object', () => {
    const message = encodeAnthropicMessage(
      result({
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_2', name: 'broken', arguments: '{"city":' },
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: { inputTokens: 1200, outputTokens: 30, cachedInputTokens: 1000, cacheWriteTokens: 50 },
      }),
      meta,
    );
    expect(message).toEqual({
      id: 'msg_gw',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_2', name: 'broken', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 150, output_tokens: 30, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50 },
    });
  });

  it.each([
    [{ unified: 'stop', raw: 'stop' }, 'end_turn'],
    [{ unified: 'stop', raw: 'stop_sequence' }, 'stop_sequence'],
    [{ unified: 'length', raw: 'length' }, 'max_tokens'],
    [{ unified: 'length', raw: 'model_context_window_exceeded' }, 'model_context_window_exceeded'],
    [{ unified: 'tool-calls' }, 'tool_use'],
    [{ unified: 'content-filter', raw: 'content_filter' }, 'refusal'],
    [{ unified: 'other', raw: 'pause_turn' }, 'pause_turn'],
    [{ unified: 'error' }, 'end_turn'],
    [{ unified: 'stop', raw: 'tool_use' }, 'end_turn'],
  ] as const)('maps finish reason %j to stop_reason %s', (finishReason, expected) => {
    expect(encodeAnthropicMessage(result({ finishReason }), meta).stop_reason).toBe(expected);
  });

  it('reports the stop sequence the provider reported', () => {
    const message = encodeAnthropicMessage(
      result({ finishReason: { unified: 'stop', raw: 'stop_sequence' }, providerMetadata: { anthropic: { stop_sequence: 'END' } } }),
      meta,
    );
    expect(message.stop_sequence).toBe('END');
  });
});
