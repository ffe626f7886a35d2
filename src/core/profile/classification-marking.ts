import type { Classification } from '../catalog/catalog-schema.ts';

/**
 * Classification markings: US banner lines and portion markings (CAPCO / ISOO, 32 CFR 2001.20-24), CUI banners
 * (32 CFR 2002.20), and the UK Government Security Classifications (OFFICIAL, OFFICIAL-SENSITIVE, SECRET,
 * TOP SECRET). A marking is only taken where markings stand: a line that is the marking, a line that starts with
 * one followed by `//` caveats, or a portion marking such as `(S//NF)`. The upper-case word SECRET inside prose
 * (`the SECRET to good bread`), or any lower-case "secret", is never a marking.
 * @see https://www.ecfr.gov/current/title-32/subtitle-B/chapter-XX/part-2001/subpart-C
 * @see https://www.archives.gov/cui/registry/category-marking-list
 * @see https://www.gov.uk/government/publications/government-security-classifications
 */

const level = String.raw`(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|CUI|CONTROLLED|OFFICIAL[- ]SENSITIVE|OFFICIAL)`;
/** One caveat word: NOFORN, SP-PRVCY, 5-EYES... never followed by a lower-case letter (so prose stops it). */
const word = String.raw`[A-Z0-9]+(?:[-.&][A-Z0-9]+)*(?![A-Za-z0-9])`;
/** A `//` segment: words joined by a space, a comma or a single `/` (`REL TO USA, GBR`, `SI/TK`). */
const segment = String.raw`${word}(?:(?:, ?| |/(?!/))${word})*`;

/**
 * The marking detector's pattern. It starts with the marking itself (V8 scans fastest for a leading literal);
 * {@link isAtLineStart} then checks that a banner or bare portion marking starts its line. No `m` flag and no
 * capturing groups (the detectors are joined into one pattern and told apart by group number).
 */
export const classificationMarkingPattern = [
  // A banner: the marking alone on its line, or followed by `//` caveats.
  String.raw`${level}(?:(?://${segment})+|(?=(?:\*\*|__)?[ \t]*(?:[\r\n]|$)))`,
  // A portion marking with caveats, anywhere: (S//NF), (TS//SI/TK//NOFORN), (U//FOUO), (CUI//SP-PRVCY).
  String.raw`\((?<![A-Za-z0-9_]\()(?:TS|S|C|U|CUI)(?://${segment})+\)`,
  // A bare portion marking opening a paragraph: (TS) The..., (S) 1. ... Not (C): that is copyright.
  String.raw`\((?:TS|S|U|CUI)\)(?=[ \t]+["'(A-Z0-9])`,
].join('|');

/**
 * Whether a marking found at `start`..`end` stands where markings stand: a portion marking with caveats anywhere
 * after a non-word character (the pattern checks that), anything else at the start of its line, allowing
 * indentation and markdown emphasis (`**SECRET**`).
 */
export function isMarkingPlaced(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) === 40 && text.slice(start, end).includes('//')) return true;
  return isAtLineStart(text, start);
}

/** Whether only spaces, tabs and markdown emphasis stand between the previous line break and `start`. */
export function isAtLineStart(text: string, start: number): boolean {
  const limit = Math.max(0, start - 16);
  for (let index = start - 1; index >= limit; index--) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13) return true;
    if (code !== 32 && code !== 9 && code !== 42 && code !== 95) return false;
  }
  return limit === 0;
}

const commaSpacing = /, ?/g;
const leadingEmphasis = /^(?:\*\*|__)/;

const portionLevels: Record<string, Classification> = {
  TS: 'TOP SECRET',
  S: 'SECRET',
  C: 'CONFIDENTIAL',
  U: 'UNCLASSIFIED',
  CUI: 'CUI',
};

/** Portion-mark abbreviations of dissemination controls, spelled out. */
const caveatNames: Record<string, string> = {
  NF: 'NOFORN',
  OC: 'ORCON',
  PR: 'PROPIN',
  IMC: 'IMCON',
  RS: 'RSEN',
  DS: 'LIMDIS',
};

/** A parsed marking: its level, the caveats it carries, and the marking as written (trimmed). */
export interface ClassificationMarking {
  level: Classification;
  caveats: string[];
  marking: string;
}

/** Caveats of `//`-separated segments, abbreviations spelled out: `['NF']` gives `['NOFORN']`, `['SI/TK']` gives `['SI', 'TK']`. */
export function caveatsOf(segments: string[]): string[] {
  const caveats: string[] = [];
  for (const segment of segments) {
    const parts = segment.startsWith('REL TO') ? [segment.replace(commaSpacing, ', ')] : segment.split('/');
    for (const part of parts) caveats.push(caveatNames[part] ?? part);
  }
  return caveats;
}

/** Parses a marking found by {@link classificationMarkingPattern}. */
export function parseClassificationMarking(text: string): ClassificationMarking {
  const marking = text.trim().replace(leadingEmphasis, '').trim();
  if (marking.startsWith('(')) {
    const [abbreviation, ...segments] = marking.slice(1, -1).split('//');
    return { level: portionLevels[abbreviation as string] ?? 'UNCLASSIFIED', caveats: caveatsOf(segments), marking };
  }
  const [head, ...segments] = marking.split('//');
  const caveats = caveatsOf(segments);
  if (head === 'CONTROLLED') return { level: 'CUI', caveats, marking };
  if (head === 'OFFICIAL-SENSITIVE' || head === 'OFFICIAL SENSITIVE') {
    return { level: 'OFFICIAL', caveats: ['OFFICIAL-SENSITIVE', ...caveats], marking };
  }
  return { level: head as Classification, caveats, marking };
}
