import { confusables } from './confusables.ts';
import { ViewBuilder, type DetectionView } from './detection-view.ts';

/** Anything but printable ASCII, tab and line breaks: text without it is scanned as it is. */
const special = /[^\t\n\r\x20-\x7E]/g;

/** Line and paragraph separators, spaces, and what is removed: format characters (zero-width space and joiners, BOM, soft hyphen, bidi controls, tags), variation selectors, other controls, combining marks. */
const spaceOrInvisible = /^[\v\f\x85\p{Zl}\p{Zp}\p{Zs}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}]$/u;
const lineBreak = /^[\v\f\x85\u2028\u2029]$/u;
const space = /^\p{Zs}$/u;
const mark = /\p{M}/gu;
const decimalDigit = /^\p{Nd}$/u;
const dash = /^\p{Pd}$/u;

/** Scripts without look-alikes of ASCII and without compatibility forms the detectors need: kept as they are. */
function keptAsIs(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0x20000 && code <= 0x2f7ff) || (code >= 0x30000 && code <= 0x3ffff);
}

/**
 * Blocks without compatibility or canonical decompositions (Yi, emoji and pictographs, the rest of the
 * supplementary planes but mathematical letters, enclosed alphanumerics and compatibility ideographs): no NFKD.
 */
function withoutDecomposition(code: number): boolean {
  return (code >= 0xa000 && code <= 0xa4cf) || (code >= 0x1f300 && code <= 0x1faff) || (code >= 0x10000 && code <= 0x1cfff) || (code >= 0xe0000);
}

/** The ASCII digit of a Unicode decimal digit: decimal digits come in runs of ten, 0 to 9 (a Unicode stability rule). */
function digitValue(code: number): string {
  let first = code;
  while (first > 0 && decimalDigit.test(String.fromCodePoint(first - 1))) first--;
  return String((code - first) % 10);
}

/** One character as the detectors read it: '' when it is invisible, otherwise ASCII where a reading exists. */
function foldCharacter(character: string, code: number): string {
  if (spaceOrInvisible.test(character)) return lineBreak.test(character) ? '\n' : space.test(character) ? ' ' : '';
  if (withoutDecomposition(code)) return confusables.get(character) ?? character;
  let folded = '';
  for (const piece of character.normalize('NFKD').replace(mark, '')) {
    const code = piece.codePointAt(0) as number;
    if (code < 0x80) folded += piece;
    else folded += confusables.get(piece) ?? (decimalDigit.test(piece) ? digitValue(code) : dash.test(piece) ? '-' : piece);
  }
  return folded;
}

/** Folded characters by code point (`null`: unchanged); bounded, so many distinct characters cannot grow it without limit. */
const cache = new Map<number, string | null>();
const cacheLimit = 16_384;

function fold(code: number): string | null {
  let folded = cache.get(code);
  if (folded === undefined) {
    const character = String.fromCodePoint(code);
    const result = foldCharacter(character, code);
    folded = result === character ? null : result;
    if (cache.size < cacheLimit) cache.set(code, folded);
  }
  return folded;
}

/**
 * The text as the detectors should read it, or `undefined` when that is the text itself (printable ASCII, the
 * fast path, or other characters that all read as themselves):
 * compatibility forms folded (NFKD: fullwidth letters and digits, ligatures, circled and mathematical letters),
 * combining marks dropped (`é` reads `e`), invisible characters removed (zero-width spaces and joiners, BOM,
 * soft hyphen, bidi controls, variation selectors, tags, other controls), every Unicode space read as a space and
 * line separators as line breaks, decimal digits of every script read as ASCII digits, dashes as `-`, and
 * look-alikes of ASCII letters and signs read as those (see {@link confusables}). Letters of other scripts stay.
 * Positions map back to the original text (see {@link DetectionView}). Linear in the text's length.
 */
export function normaliseForDetection(text: string): DetectionView | undefined {
  special.lastIndex = 0;
  if (!special.test(text)) return undefined;
  let builder: ViewBuilder | undefined;
  let copied = 0;
  let index = special.lastIndex - 1;
  while (index < text.length) {
    const unit = text.charCodeAt(index);
    if ((unit >= 0x20 && unit < 0x7f) || unit === 9 || unit === 10 || unit === 13) {
      // Skip to the next special character natively (no match object): sparse texts cost little.
      special.lastIndex = index;
      if (!special.test(text)) break;
      index = special.lastIndex - 1;
      continue;
    }
    const code = text.codePointAt(index) as number;
    const width = code > 0xffff ? 2 : 1;
    const folded = keptAsIs(code) ? null : fold(code);
    if (folded !== null) {
      builder ??= new ViewBuilder(text);
      builder.copy(copied, index);
      if (folded !== '') builder.replace(folded, index, index + width);
      copied = index + width;
    }
    index += width;
  }
  if (builder === undefined) return undefined;
  builder.copy(copied, text.length);
  return builder.build();
}
