/** Character classes of standard and URL-safe base64, by UTF-16 code unit: one lookup per character read. */
const inAlphabet = 1;
const upperCase = 2;
const lowerCaseOrDigit = 4;
/** Letters, digits, `+` and `/`: what a window must be made of (`-` and `_` join identifiers and dates far more often than they occur in base64). */
const core = 8;
const classes = new Uint8Array(65536);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') classes[character.charCodeAt(0)] = inAlphabet | upperCase | core;
for (const character of 'abcdefghijklmnopqrstuvwxyz0123456789') classes[character.charCodeAt(0)] = inAlphabet | lowerCaseOrDigit | core;
for (const character of '+/') classes[character.charCodeAt(0)] = inAlphabet | core;
for (const character of '_-') classes[character.charCodeAt(0)] = inAlphabet;
/** 1 for the characters a window is made of (letters, digits, `+`, `/`): the hot loop reads only this. */
const coreCharacter = classes.map((found) => ((found & core) === 0 ? 0 : 1));

/** The shortest run worth decoding: 12 bytes, enough for a marking (`SECRET//NOFORN` is 19 characters), a key id or an address. */
export const shortestBase64Run = 16;

/**
 * Runs of base64 characters (standard or URL-safe alphabet) that may encode text, as start and end pairs, with
 * their `=` padding: each holds a window of at least {@link shortestBase64Run} letters, digits, `+` and `/`, and
 * goes on over `-` and `_` on both sides. Base64 of text mixes upper case with lower case or digits; identifiers
 * (`scheduled_departure_time`) do not, and are left out. Reads about one character in three: it looks at the last
 * character of each window first, and a character outside it lets it skip the whole window, so prose costs little
 * (a Boyer-Moore-Horspool style scan for runs).
 */
export function base64Runs(text: string): number[] {
  const runs: number[] = [];
  const length = text.length;
  const minimum = shortestBase64Run;
  let index = minimum - 1;
  while (index < length) {
    if (coreCharacter[text.charCodeAt(index)] === 0) {
      index += minimum;
      continue;
    }
    const windowStart = index - minimum + 1;
    let back = index - 1;
    while (back >= windowStart && coreCharacter[text.charCodeAt(back)] === 1) back--;
    if (back >= windowStart) {
      index = back + minimum;
      continue;
    }
    let seen = 0;
    for (let inside = windowStart; inside <= index; inside++) seen |= classes[text.charCodeAt(inside)] as number;
    let start = windowStart;
    while (start > 0 && (classes[text.charCodeAt(start - 1)] as number) !== 0) start--;
    let end = index + 1;
    for (; end < length; end++) {
      const found = classes[text.charCodeAt(end)] as number;
      if (found === 0) break;
      seen |= found;
    }
    for (let padding = 0; padding < 2 && end < length && text.charCodeAt(end) === 61; padding++) end++;
    if ((seen & upperCase) !== 0 && (seen & lowerCaseOrDigit) !== 0) runs.push(start, end);
    index = end + minimum - 1;
  }
  return runs;
}
