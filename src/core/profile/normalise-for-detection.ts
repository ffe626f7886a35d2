import { confusables } from './confusables.ts';
import { ViewBuilder, type DetectionView } from './detection-view.ts';

/** Anything but printable ASCII, tab and line breaks: text without it is scanned as it is. */
const special = /[^\t\n\r\x20-\x7E]+/g;

const lineBreak = /^[\v\f\x85\u2028\u2029]$/u;
const space = /^\p{Zs}$/u;
/** Format characters (zero-width space and joiners, BOM, soft hyphen, bidi controls, tags), variation selectors, other controls. */
const ignorable = /^[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}]$/u;
const mark = /\p{M}/gu;
const decimalDigit = /^\p{Nd}$/u;
const dash = /^\p{Pd}$/u;

/** Scripts without look-alikes of ASCII and without compatibility forms the detectors need: kept as they are. */
function keptAsIs(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0x20000 && code <= 0x3ffff);
}

/** The ASCII digit of a Unicode decimal digit: decimal digits come in runs of ten, 0 to 9 (a Unicode stability rule). */
function digitValue(code: number): string {
  let first = code;
  while (first > 0 && decimalDigit.test(String.fromCodePoint(first - 1))) first--;
  return String((code - first) % 10);
}

/** One character as the detectors read it: '' when it is invisible, otherwise ASCII where a reading exists. */
function foldCharacter(character: string): string {
  if (lineBreak.test(character)) return '\n';
  if (space.test(character)) return ' ';
  if (ignorable.test(character)) return '';
  let folded = '';
  for (const piece of character.normalize('NFKD').replace(mark, '')) {
    const code = piece.codePointAt(0) as number;
    if (code < 0x80) folded += piece;
    else folded += confusables.get(piece) ?? (decimalDigit.test(piece) ? digitValue(code) : dash.test(piece) ? '-' : piece);
  }
  return folded;
}

/** Folded characters by code point; bounded, so a text of many distinct characters cannot grow it without limit. */
const cache = new Map<number, string>();
const cacheLimit = 8192;

function fold(character: string, code: number): string {
  let folded = cache.get(code);
  if (folded === undefined) {
    folded = foldCharacter(character);
    if (cache.size < cacheLimit) cache.set(code, folded);
  }
  return folded;
}

/**
 * The text as the detectors should read it, or `undefined` when it is printable ASCII already (the fast path):
 * compatibility forms folded (NFKD: fullwidth letters and digits, ligatures, circled and mathematical letters),
 * combining marks dropped (`é` reads `e`), invisible characters removed (zero-width spaces and joiners, BOM,
 * soft hyphen, bidi controls, variation selectors, tags, other controls), every Unicode space read as a space and
 * line separators as line breaks, decimal digits of every script read as ASCII digits, dashes as `-`, and
 * look-alikes of ASCII letters and signs read as those (see {@link confusables}). Letters of other scripts stay.
 * Positions map back to the original text (see {@link DetectionView}). Linear in the text's length.
 */
export function normaliseForDetection(text: string): DetectionView | undefined {
  special.lastIndex = 0;
  let match = special.exec(text);
  if (match === null) return undefined;
  const builder = new ViewBuilder(text);
  let copied = 0;
  for (; match !== null; match = special.exec(text)) {
    const runEnd = match.index + match[0].length;
    builder.copy(copied, match.index);
    let index = match.index;
    while (index < runEnd) {
      const code = text.codePointAt(index) as number;
      const width = code > 0xffff ? 2 : 1;
      if (keptAsIs(code)) {
        builder.copy(index, index + width);
      } else {
        const character = text.slice(index, index + width);
        const folded = fold(character, code);
        if (folded === character) builder.copy(index, index + width);
        else if (folded !== '') builder.replace(folded, index, index + width);
      }
      index += width;
    }
    copied = runEnd;
  }
  builder.copy(copied, text.length);
  special.lastIndex = 0;
  return builder.build();
}
