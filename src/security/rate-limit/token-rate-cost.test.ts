import { describe, expect, it } from 'vitest';
import { tokenRateCost } from './token-rate-cost.ts';

describe('tokenRateCost', () => {
  const small = { contextWindow: 8_192 };
  const capped = { contextWindow: 128_000, maxOutputTokens: 16_384 };

  it.each([
    ['the client caps the output', { maxOutputTokens: 100, models: [small, capped] }, { tokens: 150, requiredTokens: 150 }],
    ['the client cap is above a context window', { maxOutputTokens: 50_000, models: [small, capped] }, { tokens: 50_050, requiredTokens: 8_242 }],
    ['the model caps the output', { models: [capped] }, { tokens: 16_434, requiredTokens: 50 }],
    ['nobody caps the output: the configured default', { models: [small] }, { tokens: 4_146, requiredTokens: 50 }],
    ['the dearest fallback counts', { models: [small, capped] }, { tokens: 16_434, requiredTokens: 50 }],
    ['a cascade may be answered twice', { maxOutputTokens: 100, models: [small], escalation: [capped] }, { tokens: 300, requiredTokens: 150 }],
    ['no candidate at all', { models: [] }, { tokens: 0, requiredTokens: 50 }],
  ])('%s', (_name, input, expected) => {
    expect(tokenRateCost({ inputTokens: 50, defaultOutputTokens: 4_096, ...input })).toEqual(expected);
  });

  it('never goes below the input or takes a fractional token', () => {
    expect(tokenRateCost({ inputTokens: 10.2, maxOutputTokens: 0, models: [small], defaultOutputTokens: 10 })).toEqual({ tokens: 11, requiredTokens: 11 });
  });
});
