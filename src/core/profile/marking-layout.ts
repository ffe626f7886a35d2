/**
 * Where a classification marking stands. A banner opens its line, and a line starts not only after a line break
 * of the raw text but after an escaped one (`\n` inside a JSON string, also escaped twice), at the start of a JSON
 * string value, after Markdown heading, quote, list and emphasis marks, and after HTML tags. Each check looks at
 * most {@link reach} characters away, so the detectors stay linear.
 */

/** How far the checks look before or after a marking. */
const reach = 256;
/** How far back a `>` looks for the `<` of its tag. */
const tagReach = 200;

/** HTML elements that start or end a line of rendered text. */
const blockTags = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'ul',
]);

const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Spaces, tabs, Markdown emphasis, heading, list and table marks that may stand between a line start and a marking. */
function isDecoration(code: number): boolean {
  return code === 32 || code === 9 || code === 42 || code === 95 || code === 126 || code === 96 || code === 35 || code === 45 || code === 43 || code === 124 || code === 0x2022;
}

/** The name of the tag whose `<` is at `open`, lower-cased, or '' when it is not a tag (`a < b`). */
function tagName(text: string, open: number): string {
  let index = open + 1;
  if (text.charCodeAt(index) === 47) index++;
  const start = index;
  while (index < text.length && index - start < 12 && (isLetter(text.charCodeAt(index)) || (index > start && text.charCodeAt(index) >= 48 && text.charCodeAt(index) <= 57))) index++;
  return text.slice(start, index).toLowerCase();
}

/** The `<` of the tag that ends with the `>` at `close`, or -1. */
function tagOpening(text: string, close: number, limit: number): number {
  for (let index = close - 1; index >= Math.max(limit, close - tagReach); index--) {
    const code = text.charCodeAt(index);
    if (code === 60) return tagName(text, index) === '' && text.charCodeAt(index + 1) !== 33 ? -1 : index;
    if (code === 62 || code === 10 || code === 13) return -1;
  }
  return -1;
}

/** Whether the `"` at `quote` opens a JSON string value or array item (after `:`, `[`, `,`, `{` or at the start). */
function opensJsonString(text: string, quote: number): boolean {
  let index = quote - 1;
  while (index >= 0 && text.charCodeAt(index) === 92) index--;
  while (index >= 0 && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9 || text.charCodeAt(index) === 10 || text.charCodeAt(index) === 13)) index--;
  if (index < 0) return true;
  const code = text.charCodeAt(index);
  return code === 58 || code === 91 || code === 44 || code === 123;
}

/** Whether `index` is just after an escaped line break: a backslash (or several) and `n` or `r`. */
function afterEscapedBreak(text: string, index: number): boolean {
  const code = text.charCodeAt(index - 1);
  return (code === 110 || code === 114) && index >= 2 && text.charCodeAt(index - 2) === 92;
}

/**
 * Whether a marking starting at `start` opens its line: only decoration (spaces, emphasis, `#`, `>`, list and
 * table marks, HTML tags) stands between it and a line break, an escaped line break, the start of a JSON string,
 * a block-level HTML tag, or the start of the text.
 */
export function opensLine(text: string, start: number): boolean {
  const limit = Math.max(0, start - reach);
  let index = start;
  while (index > limit) {
    const code = text.charCodeAt(index - 1);
    if (code === 10 || code === 13) return true;
    if (afterEscapedBreak(text, index)) return true;
    if (code === 62) {
      const open = tagOpening(text, index - 1, limit);
      if (open < 0) {
        index--; // a Markdown quote mark
        continue;
      }
      if (blockTags.has(tagName(text, open))) return true;
      index = open;
      continue;
    }
    if (code === 34) return opensJsonString(text, index - 1);
    if (!isDecoration(code)) return false;
    index--;
  }
  return index === 0;
}

/**
 * Whether the line ends at `end` (a bare banner such as `SECRET` must stand alone on its line): only spaces,
 * emphasis and HTML tags, then a line break, an escaped line break, a block-level tag, a table cell's `|` or the
 * end of the text. With `punctuation`, a sentence or field end (`.,;:)]"'`) ends it too (after a label).
 */
export function closesLine(text: string, end: number, punctuation: boolean): boolean {
  const limit = Math.min(text.length, end + reach);
  let index = end;
  while (index < limit) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13 || code === 124) return true;
    if (code === 92) {
      let next = index;
      while (next < limit && text.charCodeAt(next) === 92) next++;
      const after = text.charCodeAt(next);
      return after === 110 || after === 114 || (punctuation && after === 34);
    }
    if (code === 60) {
      const name = tagName(text, index);
      const close = text.indexOf('>', index);
      if (name === '' || close < 0 || close - index > tagReach) return false;
      if (blockTags.has(name)) return true;
      index = close + 1;
      continue;
    }
    if (punctuation && (code === 46 || code === 44 || code === 59 || code === 58 || code === 41 || code === 93 || code === 34 || code === 39 || code === 125)) return true;
    if (code !== 32 && code !== 9 && code !== 42 && code !== 95 && code !== 126 && code !== 96) return false;
    index++;
  }
  return index >= text.length;
}

/** Labels that introduce a classification (`Classification: SECRET`), lower case. */
const labels = new Set(['classification', 'classified', 'marking', 'sensitivity', 'caveat', 'caveats']);

/**
 * Whether the label word ending at `labelEnd` (found case-insensitively) introduces a marking: a known label,
 * itself at a line start or a JSON key, optionally after one qualifying word (`Security classification:`,
 * `Document classification:`, `Protective marking:`).
 */
export function isLabelPlaced(text: string, labelStart: number): boolean {
  if (opensLine(text, labelStart)) return true;
  // One qualifying word before the label: `Security classification`.
  let index = labelStart;
  while (index > 0 && (text.charCodeAt(index - 1) === 32 || text.charCodeAt(index - 1) === 9)) index--;
  if (index === labelStart) return false;
  const wordEnd = index;
  while (index > 0 && isLetter(text.charCodeAt(index - 1)) && wordEnd - index < 16) index--;
  return index < wordEnd && opensLine(text, index);
}

/** Whether `word` (any case) is a label that introduces a classification. */
export function isMarkingLabel(word: string): boolean {
  return labels.has(word.toLowerCase());
}
