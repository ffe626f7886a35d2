import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelSchema } from './catalog-schema.ts';
import { globTest, matchModelPattern } from './model-patterns.ts';

describe('model name patterns', () => {
  it.each([
    ['claude-*', 'claude-opus-5-5', true],
    ['claude-*', 'claude-', true],
    ['claude-*', 'anthropic/claude-opus', false],
    ['claude-*', 'xclaude-opus', false],
    ['*-mini', 'gpt-6-mini', true],
    ['gpt-6.2-sol', 'gpt-6x2-sol', false],
    ['a*b*c', 'a-b-c', true],
    ['a*b*c', 'a-c', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(globTest(pattern)(name)).toBe(expected);
  });

  it('matches a pattern without * only against itself, whatever characters it holds', () => {
    fc.assert(
      fc.property(fc.string().filter((text) => !text.includes('*')), fc.string(), (literal, other) => {
        expect(globTest(literal)(literal)).toBe(true);
        if (other !== literal) expect(globTest(literal)(other)).toBe(false);
      }),
    );
  });

  it('matches prefix* against every name that starts with the prefix, and nothing else', () => {
    fc.assert(
      fc.property(fc.string().filter((text) => !text.includes('*')), fc.string(), (prefix, rest) => {
        expect(globTest(`${prefix}*`)(prefix + rest)).toBe(true);
        expect(globTest(`${prefix}*`)(rest)).toBe(rest.startsWith(prefix));
      }),
    );
  });

  it('sends the client\'s own name for a plain pattern and the mapped name for a mapping', () => {
    const model = modelSchema.parse({ name: 'claude-opus-5-5', patterns: ['claude-*', { match: 'old-*', upstream: 'claude-haiku-5-5' }] });
    expect(matchModelPattern(model, 'claude-sonnet-9')).toEqual({ upstream: 'claude-sonnet-9' });
    expect(matchModelPattern(model, 'old-model')).toEqual({ upstream: 'claude-haiku-5-5' });
    expect(matchModelPattern(model, 'gpt-6')).toBeUndefined();
  });

  it('refuses a pattern entry that is neither a string nor { match, upstream }', () => {
    expect(modelSchema.safeParse({ name: 'm', patterns: [{ match: 'a*' }] }).success).toBe(false);
    expect(modelSchema.safeParse({ name: 'm', patterns: [''] }).success).toBe(false);
  });
});
