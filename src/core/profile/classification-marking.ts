import type { Classification } from '../catalog/catalog-schema.ts';
import type { Accepted, Detector } from './detector.ts';
import { closesLine, isLabelPlaced, isMarkingLabel, opensLine } from './marking-layout.ts';
import { readCaveat, readMarking } from './marking-vocabulary.ts';

/**
 * Classification markings: US banner lines and portion markings (CAPCO / ISOO, 32 CFR 2001.20-24), CUI banners
 * (32 CFR 2002.20), the UK Government Security Classifications and NATO levels. A marking is only taken where
 * markings stand (see `marking-layout.ts`): a banner opening its line (`SECRET//NOFORN`, `# TOP SECRET`,
 * `<p>SECRET</p>`, a line of a JSON string), a labelled level (`Classification: Secret`), or a portion marking
 * (`(S//NF)`; bare `(S)`, `(TS)`, `(U)`, `(CUI)` opening a paragraph; bare `(C)` only in a text marked otherwise
 * too). With `//` caveats or after a label, case and spacing do not matter (`secret // noforn`); a bare level
 * alone on its line must be upper case, so "Secret" or "the SECRET to good bread" in prose is never a marking.
 * A marking ends where its grammar ends: caveats are words of at most twelve letters and digits, `REL TO` lists
 * are trigraphs, so what follows (`SECRET//NOFORN DE89 3704 ...`, `UNCLASSIFIED//AKIA...`) is not swallowed.
 * @see https://www.ecfr.gov/current/title-32/subtitle-B/chapter-XX/part-2001/subpart-C
 * @see https://www.archives.gov/cui/registry/category-marking-list
 * @see https://www.gov.uk/government/publications/government-security-classifications
 */

const levelSource = String.raw`(?:(?:NATO|COSMIC)[ \t]+)?(?:TOP[ \t]+SECRET|SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|CUI|CONTROLLED|OFFICIAL(?:[ \t]*-[ \t]*|[ \t]+)SENSITIVE|OFFICIAL)(?![A-Za-z0-9_])`;
/** A banner level at a position, any case. */
const levelAt = new RegExp(levelSource, 'iy');
/** A banner level ending a stretch of text (before `//`), any case. */
const levelBefore = new RegExp(String.raw`(?<!(?<!\\)[A-Za-z0-9_])${levelSource}[ \t]*$`, 'i');
/** The same glued to what precedes it (`xxSECRET//NOFORN`): taken only with a known caveat after `//`. */
const gluedLevelBefore = new RegExp(String.raw`${levelSource}[ \t]*$`, 'i');

const word = String.raw`[A-Z][A-Z0-9]{0,11}(?:-[A-Z0-9]{1,12}){0,3}`;
const list = String.raw`[A-Z]{3,4}(?:[ \t]*,[ \t]*[A-Z]{3,4})*`;
const segmentSource = [
  String.raw`REL(?:EASABLE)?[ \t]+TO[ \t]+${list}`,
  String.raw`DISPLAY[ \t]+ONLY[ \t]+${list}`,
  String.raw`(?:UK[ \t]+)?EYES[ \t]+ONLY`,
  String.raw`(?:FED|DL)[ \t]+ONLY`,
  // Words joined by single `/` (SI/TK); sub-compartments after a space (`SI-G ABCD`) only before the next `//`.
  String.raw`${word}(?:/${word})*(?:(?:[ \t]+[A-Z0-9]{1,8})+(?=[ \t]*//))?`,
].join('|');
/** The next `//` caveat segment, any case, spaces allowed around `//`. */
const nextSegment = new RegExp(String.raw`[ \t]*//[ \t]*((?:${segmentSource})(?![A-Za-z0-9_]))`, 'iy');
const slashesAt = /[ \t]*\/\//y;
const singleWords = /^(?:REL|DISPLAY|UK|EYES|FED|DL)[ \t]/i;
const portionAt = /\([ \t]*([A-Za-z]{1,3})[ \t]*/y;
const closingAt = /[ \t]*\)/y;
/** What may follow a bare portion marking: the paragraph it marks. */
const paragraphAt = /[ \t]+["'(A-Z0-9]/y;
/** What may follow a bare `(C)`: a sentence, not a year or a name of a company in a copyright line. */
const sentenceAt = /[ \t]+(?:[A-Z][a-z ]|["'(])/y;
const lowerCase = /[a-z]/;
const bareAbbreviations = new Set(['TS', 'S', 'U', 'CUI', 'C']);

/** The `//` caveat segments from `at` on, each split into its parts, and where the last one ends. */
function readSegments(text: string, at: number): { segments: string[][]; end: number } {
  const segments: string[][] = [];
  let end = at;
  for (;;) {
    nextSegment.lastIndex = end;
    const match = nextSegment.exec(text);
    if (match === null) break;
    const segment = match[1] as string;
    segments.push(singleWords.test(segment) ? [segment] : segment.split('/'));
    end = nextSegment.lastIndex;
  }
  return { segments, end };
}

function hasSlashes(text: string, at: number): boolean {
  slashesAt.lastIndex = at;
  return slashesAt.test(text);
}

/** Whether one of the `//` segments names a known control or dissemination caveat (`NOFORN`, `REL TO USA, GBR`, `SI`). */
function hasKnownCaveat(segments: readonly string[][]): boolean {
  for (const segment of segments) for (const part of segment) if (readCaveat(part) !== undefined) return true;
  return false;
}

/**
 * A banner whose level starts at `start`. Placed when it opens its line or follows a label, or, anywhere, when a
 * known caveat follows it after `//` (`This file is SECRET//NOFORN.`, `[TOP SECRET//SI]`, a table's second cell:
 * a level, `//` and a caveat are not prose); a bare level (no `//`) must be upper case (unless labelled) and end
 * its line (or, after a label, its field or sentence).
 */
function acceptBanner(text: string, start: number, labelled: boolean): Accepted | undefined {
  levelAt.lastIndex = start;
  const level = levelAt.exec(text);
  if (level === null) return undefined;
  const levelEnd = start + level[0].length;
  // Where it stands first: most upper-case levels in a text are words of a sentence.
  const placed = labelled || opensLine(text, start) || followsLabel(text, start);
  if (!placed && !hasSlashes(text, levelEnd)) return undefined;
  const { segments, end } = readSegments(text, levelEnd);
  if (!placed && !hasKnownCaveat(segments)) return undefined;
  if (segments.length === 0 && !hasSlashes(text, levelEnd)) {
    if (!labelled && lowerCase.test(level[0])) return undefined;
    if (!closesLine(text, levelEnd, labelled)) return undefined;
  }
  const marking = readMarking(level[0], segments, false);
  if (marking === undefined) return undefined;
  const accepted = { start, end: segments.length > 0 ? end : levelEnd, marking };
  return secretAfterTop(text, accepted, level[0], segments) ?? accepted;
}

/** `TOP` just before a `SECRET` read on its own (`TOPSECRET//SI`, `TOP_SECRET`, `top-secret`, base64 noise before). */
const topBefore = /top[^A-Za-z0-9]{0,4}$/i;

/**
 * A `SECRET` marking that `TOP` joined by no space or by other characters precedes is a TOP SECRET one: read on its
 * own it would put TOP SECRET text a level too low.
 */
function secretAfterTop(text: string, accepted: Accepted, level: string, segments: string[][]): Accepted | undefined {
  if (!/^secret/i.test(level)) return undefined;
  const top = topBefore.exec(text.slice(Math.max(0, accepted.start - 8), accepted.start));
  if (top === null) return undefined;
  const marking = readMarking('TOP SECRET', segments, false);
  return marking === undefined ? undefined : { ...accepted, start: accepted.start - top[0].length, marking };
}

/**
 * A label (any case) and its separator right before `start`: `cLaSsIfIcAtIoN: SECRET`. The label's word starts after
 * a non-word character or after an escaped line break (`\\nClassification:` in a JSON string).
 */
const labelBefore = /(?:^|\\[nrt]|[^A-Za-z0-9_])([A-Za-z]+)(?:[ \t]+level)?["']?[ \t]*[:=-][ \t]*["']?[ \t]*$/di;

function followsLabel(text: string, start: number): boolean {
  // A separator (`:`, `=`, `-`) must stand right before the level, after spaces and a quote: cheap to rule out.
  let before = start - 1;
  while (before >= 0 && (text.charCodeAt(before) === 32 || text.charCodeAt(before) === 9 || text.charCodeAt(before) === 34 || text.charCodeAt(before) === 39)) before--;
  const separator = text.charCodeAt(before);
  if (separator !== 58 && separator !== 61 && separator !== 45) return false;
  const windowStart = Math.max(0, start - 40);
  const match = labelBefore.exec(text.slice(windowStart, start));
  const word = match?.indices?.[1];
  return match !== null && word !== undefined && isMarkingLabel(match[1] as string) && isLabelPlaced(text, windowStart + word[0]);
}

/** After `//`: the level written before it (any case, `secret // noforn`). */
function acceptBeforeSlashes(text: string, start: number): Accepted | undefined {
  const windowStart = Math.max(0, start - 48);
  const before = text.slice(windowStart, start);
  // A level glued to a word before it stands nowhere a marking stands, so acceptBanner takes it only with a known caveat.
  const match = levelBefore.exec(before) ?? gluedLevelBefore.exec(before);
  return match === null ? undefined : acceptBanner(text, windowStart + match.index, false);
}

/**
 * A label word found at a rare letter of it (`f` of `classif`, `v` of `sensitiv`, `k` of `mark`), the letters before
 * it checked by lookbehinds that follow it: V8 skips text fastest when few characters can start a match, and
 * frequent letters or the separators `:` and `-` of JSON and dates would slow every scan.
 */
function labelAt(word: string, at: number, rest: string): string {
  const lookbehinds: string[] = [];
  for (let back = 1; back <= at; back++) {
    const letter = word[at - back] as string;
    lookbehinds.push(`(?<![^${letter.toUpperCase()}${letter.toLowerCase()}]${'.'.repeat(back)})`);
  }
  const lead = word[at] as string;
  return `[${lead.toUpperCase()}${lead.toLowerCase()}]${lookbehinds.join('')}(?<!(?<!\\\\)[A-Za-z0-9_]${'.'.repeat(at + 1)})${rest}`;
}
const separatorAt = /[ \t]*["']?[ \t]*/y;

/** After a label and its separator: the level, when the label stands where labels stand (see followsLabel). */
function acceptAfterLabel(text: string, end: number): Accepted | undefined {
  separatorAt.lastIndex = end;
  separatorAt.exec(text);
  const levelStart = separatorAt.lastIndex;
  return followsLabel(text, levelStart) ? acceptBanner(text, levelStart, true) : undefined;
}

/** A portion marking: with `//` caveats anywhere (any case), bare only upper case and opening a paragraph. */
function acceptPortion(text: string, start: number): Accepted | undefined {
  portionAt.lastIndex = start;
  const head = portionAt.exec(text);
  if (head === null) return undefined;
  const abbreviation = head[1] as string;
  const afterHead = portionAt.lastIndex;
  const { segments, end } = readSegments(text, afterHead);
  closingAt.lastIndex = end;
  const closed = closingAt.test(text) ? closingAt.lastIndex : -1;
  const bare = segments.length === 0 && !hasSlashes(text, afterHead);
  if (bare) {
    if (closed < 0 || abbreviation !== abbreviation.toUpperCase() || !bareAbbreviations.has(abbreviation)) return undefined;
    if (!opensLine(text, start)) return undefined;
    const follows = abbreviation === 'C' ? sentenceAt : paragraphAt;
    follows.lastIndex = closed;
    if (!follows.test(text)) return undefined;
  }
  const marking = readMarking(abbreviation, segments, true);
  // With `//` the parenthesis need not close: `(S//` and a level is a portion marking whatever follows.
  const markingEnd = closed >= 0 ? closed : segments.length > 0 ? end : afterHead;
  return marking === undefined ? undefined : { start, end: markingEnd, marking, ...(bare && abbreviation === 'C' ? { weak: true } : {}) };
}

/**
 * A leading letter (or class) not preceded by a word character, except the letter of an escaped line break
 * (`\nSECRET` inside a JSON string). The lookbehind follows the letter: V8 scans fastest for a leading literal.
 */
const notAfterWord = (letter: string) => `${letter}(?<!(?<!\\\\)[A-Za-z0-9_]${letter.startsWith('[') ? '.' : letter})`;

/**
 * The marking detectors, one per way a marking is introduced. Each pattern only finds where a marking may begin
 * (V8 scans for a leading literal fastest); the checks read the marking's grammar and where it stands.
 */
export const markingDetectors: Detector[] = [
  {
    // An upper-case level: a banner with or without caveats, or a bare level alone on its line. One leading class
    // for all levels (the check reads the level again): V8 scans one alternative faster than seven.
    kind: 'classification-marking',
    pattern: `${notAfterWord('[CNORSTU]')}(?:OP[ \\t]+SECRET|ECRET|ONFIDENTIAL|UI|ONTROLLED|OSMIC[ \\t]|ESTRICTED|NCLASSIFIED|FFICIAL|ATO[ \\t])`,
    accept: (text, start) => acceptBanner(text, start, false),
  },
  {
    // `//` after a letter: a banner in any case and spacing (`secret // noforn`); the check reads the level before it.
    kind: 'classification-marking',
    pattern: String.raw`//(?<=[A-Za-z][ \t]{0,8}//)`,
    accept: (text, start) => acceptBeforeSlashes(text, start),
  },
  {
    // A labelled level in any case (`Classification: Secret`, `Classification - secret`, `"classification": "secret"`,
    // `Sensitivity: Confidential`, `Protective marking: OFFICIAL-SENSITIVE`): the label is found at a rare letter,
    // the check reads the level after the separator and the label before it (see followsLabel).
    kind: 'classification-marking',
    pattern: [
      labelAt('classif', 6, '(?:[Ii][Cc][Aa][Tt][Ii][Oo][Nn]|[Ii][Ee][Dd])'),
      labelAt('sensitiv', 7, '[Ii][Tt][Yy]'),
      labelAt('mark', 3, '[Ii][Nn][Gg]'),
    ]
      .map((label) => `${label}(?:[ \\t]+[Ll][Ee][Vv][Ee][Ll])?["']?[ \\t]*[:=-]`)
      .join('|'),
    accept: (text, _start, end) => acceptAfterLabel(text, end),
  },
  {
    // A portion marking: `(S//NF)`, `(ts // sci)`, `(U//FOUO)`, `(CUI)`, `(S) The ...`.
    kind: 'classification-marking',
    pattern: String.raw`\((?<!(?<!\\)[A-Za-z0-9_]\()[ \t]*(?:[Tt][Ss]|[Cc][Tt][Ss]|[Cc][Uu][Ii]|[Nn][SsCcRrUu]|[SsCcUuRr])[ \t]*(?://|\))`,
    accept: (text, start) => acceptPortion(text, start),
  },
];

/** A marking read from its text: the level, the known caveats spelled out, and the marking in canonical form. */
export interface ClassificationMarking {
  level: Classification;
  caveats: string[];
  marking: string;
}

const leadingDecoration = /^[\s*_#>~`]+/;

/**
 * Reads a marking as written (`SECRET//NOFORN`, `(S//NF)`, `**CONFIDENTIAL`, `top secret // sci`), without asking
 * where it stands; undefined when the text does not start with a marking.
 */
export function parseClassificationMarking(text: string): ClassificationMarking | undefined {
  const marking = text.replace(leadingDecoration, '');
  let reading;
  if (marking.startsWith('(')) {
    portionAt.lastIndex = 0;
    const head = portionAt.exec(marking);
    if (head !== null) reading = readMarking(head[1] as string, readSegments(marking, portionAt.lastIndex).segments, true);
  } else {
    levelAt.lastIndex = 0;
    const level = levelAt.exec(marking);
    if (level !== null) reading = readMarking(level[0], readSegments(marking, level[0].length).segments, false);
  }
  return reading === undefined ? undefined : { level: reading.level, caveats: reading.caveats, marking: reading.canonical };
}

/** Caveats of `//`-separated segments as declared (`x-sovereign-classification: SECRET//NF`): abbreviations spelled out. */
export function caveatsOf(segments: string[]): string[] {
  const caveats: string[] = [];
  for (const segment of segments) {
    const parts = /^(?:REL|DISPLAY)\b/.test(segment) ? [segment] : segment.split('/');
    for (const part of parts) caveats.push(readCaveat(part) ?? part);
  }
  return caveats;
}
