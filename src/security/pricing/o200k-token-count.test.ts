import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countO200kTokens } from './o200k-token-count.ts';

const require = createRequire(import.meta.url);
const encodingLoaded = () => Object.keys(require.cache).some((path) => path.includes('gpt-tokenizer'));

describe('countO200kTokens', () => {
  it('loads the encoding on the first count, not when imported, and counts as the library does', async () => {
    expect(encodingLoaded()).toBe(false);
    expect(countO200kTokens('')).toBe(0);
    expect(encodingLoaded()).toBe(false);
    const text = 'The quick brown fox jumps over the lazy dog. <|endoftext|> counted as text';
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    expect(countO200kTokens(text)).toBe(countTokens(text, { disallowedSpecial: new Set() }));
    expect(encodingLoaded()).toBe(true);
    expect(countO200kTokens('hello world')).toBe(2);
  });
});
