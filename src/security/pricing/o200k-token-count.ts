import { createRequire } from 'node:module';
import type { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

type CountTokens = typeof countTokens;

/** Text that looks like a special token (`<|endoftext|>`) is counted as ordinary text, as a provider would. */
const asPlainText = { disallowedSpecial: new Set<string>() };
let countWithEncoding: CountTokens | undefined;

/**
 * Tokens of `text` with the o200k_base encoding (GPT-4o and later), special-token look-alikes counted as text.
 * The encoding is loaded on the first count, not at start: it holds some 70 MB resident and takes about half a
 * second to load, and a gateway whose providers report usage never needs it (measured with `npm run bench --
 * startup`). Loaded synchronously through `require`, so the first count is the only slow one.
 * @see https://github.com/niieani/gpt-tokenizer
 */
export function countO200kTokens(text: string): number {
  if (text === '') return 0;
  countWithEncoding ??= (createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as { countTokens: CountTokens }).countTokens;
  return countWithEncoding(text, asPlainText);
}
