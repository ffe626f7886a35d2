/** Characters of standard and URL-safe base64, by UTF-16 code unit (a table: one lookup per character read). */
const base64Character = new Uint8Array(65536);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') base64Character[character.charCodeAt(0)] = 1;

/** The shortest run worth decoding: 12 bytes, enough for a marking (`SECRET//NOFORN` is 19 characters), a key id or an address. */
export const shortestBase64Run = 16;

/**
 * Runs of at least {@link shortestBase64Run} base64 characters (standard or URL-safe alphabet), as start and end
 * pairs, with their `=` padding. Reads about one character in three: it looks at the last character of each
 * window of the run length first, and a character outside the alphabet lets it skip the whole window, so prose
 * costs little (a Boyer-Moore-Horspool style scan for runs).
 */
export function base64Runs(text: string): number[] {
  const runs: number[] = [];
  const length = text.length;
  const minimum = shortestBase64Run;
  let index = minimum - 1;
  while (index < length) {
    if (base64Character[text.charCodeAt(index)] === 0) {
      index += minimum;
      continue;
    }
    const windowStart = index - minimum + 1;
    let back = index - 1;
    while (back >= windowStart && base64Character[text.charCodeAt(back)] === 1) back--;
    if (back >= windowStart) {
      index = back + minimum;
      continue;
    }
    let end = index + 1;
    while (end < length && base64Character[text.charCodeAt(end)] === 1) end++;
    for (let padding = 0; padding < 2 && end < length && text.charCodeAt(end) === 61; padding++) end++;
    runs.push(windowStart, end);
    index = end + minimum - 1;
  }
  return runs;
}
