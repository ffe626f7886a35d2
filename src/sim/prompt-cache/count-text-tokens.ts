import { countO200kTokens } from '../../security/pricing/o200k-token-count.ts';

const memo = new Map<string, number>();
const memoLimit = 50_000;

/**
 * Tokens of a text with the o200k_base encoding (GPT-4o's), memoised: a replayed conversation sends the same
 * history again every turn. The simulator uses this one deterministic count for every dialect when it accounts
 * prompt caching (Claude's and Gemini's tokenizers differ by some ten per cent; the rules, not the tokenizer,
 * are what the simulation is about). The encoding loads on the first count (see `countO200kTokens`).
 * @see https://github.com/niieani/gpt-tokenizer
 */
export function countTextTokens(text: string): number {
  if (text === '') return 0;
  const known = memo.get(text);
  if (known !== undefined) return known;
  const count = countO200kTokens(text);
  if (memo.size >= memoLimit) memo.clear();
  memo.set(text, count);
  return count;
}
