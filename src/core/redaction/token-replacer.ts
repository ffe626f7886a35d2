import { noPattern, PatternAutomaton, pendingPattern } from './pattern-automaton.ts';

/**
 * Replaces known tokens in text, leftmost-longest: scanning left to right, where one or more tokens start, the
 * longest is replaced; elsewhere text is kept as it is. Used both ways: to redact every remaining occurrence of a
 * detected value, and to restore placeholders in a model's answer.
 *
 * The streaming form holds back only a suffix that is a proper prefix of some token (it could still grow into
 * one) and releases everything else at once, so for any split of a text into chunks, the concatenated output
 * equals the whole-text replacement.
 */
export interface TokenReplacer {
  /** Replaces every token in a complete text. */
  replace(text: string): string;
  /** A replacer for one stream of text chunks. */
  stream(): StreamReplacer;
}

/** Replaces tokens in a text that arrives in chunks, a token possibly split across them. */
export interface StreamReplacer {
  /** Takes the next chunk and returns what can be released now (possibly empty). */
  push(chunk: string): string;
  /** Ends the stream: returns the held suffix, replaced as a complete text would be. */
  flush(): string;
}

/**
 * Builds a replacer from `token → replacement`. Empty tokens are ignored. `encode` transforms each replacement as
 * it is inserted (e.g. escaping for a JSON string).
 */
export function createTokenReplacer(replacements: ReadonlyMap<string, string>, encode: (replacement: string) => string = (value) => value): TokenReplacer {
  const tokens = [...replacements.keys()];
  const inserted = [...replacements.values()].map((replacement) => encode(replacement));
  // A trie of the tokens: finding the longest one at a position costs at most the longest token's length, however
  // many tokens there are (thousands, for a request with thousands of values).
  const search = new PatternAutomaton(tokens);

  /**
   * Replaces from the start of `text`. Unless `final`, stops at the first position whose remainder is a proper
   * prefix of a token (it may still become one) and reports it as `held`.
   */
  function scan(text: string, final: boolean): { output: string; held: number } {
    if (search.empty) return { output: text, held: text.length };
    let output = '';
    let copiedFrom = 0;
    for (let index = 0; index < text.length; index++) {
      const matched = search.longestAt(text, index, !final);
      if (matched === pendingPattern) return { output: output + text.slice(copiedFrom, index), held: index };
      if (matched === noPattern) continue;
      output += text.slice(copiedFrom, index) + inserted[matched]!;
      index += search.lengthOf(matched) - 1;
      copiedFrom = index + 1;
    }
    return { output: output + text.slice(copiedFrom), held: text.length };
  }

  return {
    replace: (text) => scan(text, true).output,
    stream() {
      let buffer = '';
      return {
        push(chunk) {
          buffer += chunk;
          const { output, held } = scan(buffer, false);
          buffer = buffer.slice(held);
          return output;
        },
        flush() {
          const { output } = scan(buffer, true);
          buffer = '';
          return output;
        },
      };
    },
  };
}
