import { describe, expect, it } from 'vitest';
import { mapAnthropicStopReason, toAnthropicStopReason } from './map-anthropic-stop-reason.ts';

describe('mapAnthropicStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'other'],
    ['some_future_reason', 'other'],
    ['toString', 'other'],
  ])('maps %s to %s and keeps the raw value', (raw, unified) => {
    expect(mapAnthropicStopReason(raw)).toEqual({ unified, raw });
  });

  it('maps null to other', () => {
    expect(mapAnthropicStopReason(null)).toEqual({ unified: 'other' });
  });

  it.each(['end_turn', 'stop_sequence', 'max_tokens', 'model_context_window_exceeded', 'tool_use', 'refusal', 'pause_turn'])('round-trips %s', (raw) => {
    expect(toAnthropicStopReason(mapAnthropicStopReason(raw))).toBe(raw);
  });
});
