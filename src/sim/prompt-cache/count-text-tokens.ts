import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

const memo = new Map<string, number>();
const memoLimit = 50_000;
/** Text that looks like a special token (`<|endoftext|>`) is counted as ordinary text, as a provider would. */
const asPlainText = { disallowedSpecial: new Set<string>() };

/**
 * Tokens of a text with the o200k_base encoding (GPT-4o's), memoised: a replayed conversation sends the same
 * history again every turn. The simulator uses this one deterministic count for every dialect when it accounts
 * prompt caching (Claude's and Gemini's tokenizers differ by some ten per cent; the rules, not the tokenizer,
 * are what the simulation is about).
 * @see https://github.com/niieani/gpt-tokenizer
 */
export function countTextTokens(text: string): number {
  if (text === '') return 0;
  const known = memo.get(text);
  if (known !== undefined) return known;
  const count = countTokens(text, asPlainText);
  if (memo.size >= memoLimit) memo.clear();
  memo.set(text, count);
  return count;
}
