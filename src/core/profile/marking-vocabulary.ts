import type { Classification } from '../catalog/catalog-schema.ts';
import type { MarkingReading } from './finding.ts';
import { releaseTrigraphs } from './release-trigraphs.ts';

/**
 * The closed vocabulary of classification markings: levels (US, CUI, UK, NATO), portion-mark abbreviations,
 * dissemination controls, SCI control systems, special access and atomic energy markings, CUI categories and
 * limited dissemination controls. A marking is reported in these words only: a caveat outside the vocabulary
 * (a code word, or text that merely followed a marking) is left out of the reading, so a profile, a policy
 * binding or an audit record never carries text of the request.
 * @see https://www.dni.gov/index.php/who-we-are/organizations/ic-cio/ic-technical-specifications/security-markings (CAPCO register)
 * @see https://www.archives.gov/cui/registry/category-marking-list
 * @see https://www.gov.uk/government/publications/government-security-classifications
 */

interface LevelEntry {
  level: Classification;
  /** Caveats the level name itself carries (`OFFICIAL-SENSITIVE`, `NATO`). */
  caveats: string[];
  /** The name as a banner writes it. */
  name: string;
}

const level = (value: Classification, name: string, caveats: string[] = []): LevelEntry => ({ level: value, caveats, name });

/** Banner level names, upper case with single spaces (`-` read as a space). */
const levelNames: Record<string, LevelEntry> = {
  'TOP SECRET': level('TOP SECRET', 'TOP SECRET'),
  SECRET: level('SECRET', 'SECRET'),
  CONFIDENTIAL: level('CONFIDENTIAL', 'CONFIDENTIAL'),
  // NATO and former UK RESTRICTED: below CONFIDENTIAL, above what may go anywhere.
  RESTRICTED: level('CUI', 'RESTRICTED', ['RESTRICTED']),
  UNCLASSIFIED: level('UNCLASSIFIED', 'UNCLASSIFIED'),
  CUI: level('CUI', 'CUI'),
  CONTROLLED: level('CUI', 'CONTROLLED'),
  OFFICIAL: level('OFFICIAL', 'OFFICIAL'),
  'OFFICIAL SENSITIVE': level('OFFICIAL', 'OFFICIAL-SENSITIVE', ['OFFICIAL-SENSITIVE']),
  'COSMIC TOP SECRET': level('TOP SECRET', 'COSMIC TOP SECRET', ['NATO']),
  'NATO SECRET': level('SECRET', 'NATO SECRET', ['NATO']),
  'NATO CONFIDENTIAL': level('CONFIDENTIAL', 'NATO CONFIDENTIAL', ['NATO']),
  'NATO RESTRICTED': level('CUI', 'NATO RESTRICTED', ['NATO', 'RESTRICTED']),
  'NATO UNCLASSIFIED': level('UNCLASSIFIED', 'NATO UNCLASSIFIED', ['NATO']),
};

/** Portion-mark abbreviations (`(S//NF)`), upper case. */
const portionNames: Record<string, LevelEntry> = {
  TS: level('TOP SECRET', 'TS'),
  S: level('SECRET', 'S'),
  C: level('CONFIDENTIAL', 'C'),
  R: level('CUI', 'R', ['RESTRICTED']),
  U: level('UNCLASSIFIED', 'U'),
  CUI: level('CUI', 'CUI'),
  CTS: level('TOP SECRET', 'CTS', ['NATO']),
  NS: level('SECRET', 'NS', ['NATO']),
  NC: level('CONFIDENTIAL', 'NC', ['NATO']),
  NR: level('CUI', 'NR', ['NATO', 'RESTRICTED']),
  NU: level('UNCLASSIFIED', 'NU', ['NATO']),
};

const separators = /[\s-]+/g;

/** The level a banner name stands for (`top  secret`, `Official-Sensitive`), or undefined. */
export function bannerLevel(name: string): LevelEntry | undefined {
  return levelNames[name.toUpperCase().replace(separators, ' ').trim()];
}

/** The level a portion-mark abbreviation stands for (`ts`, `S`), or undefined. */
export function portionLevel(abbreviation: string): LevelEntry | undefined {
  return portionNames[abbreviation.toUpperCase()];
}

/** Control markings spelled out, by every accepted spelling (abbreviations included). */
const controls = new Map<string, string>();
/** The portion-mark abbreviation of a control, where it has one. */
const abbreviations = new Map<string, string>();

function control(name: string, ...aliases: string[]): void {
  controls.set(name, name);
  for (const alias of aliases) {
    controls.set(alias, name);
    if (!abbreviations.has(name)) abbreviations.set(name, alias);
  }
}

// Dissemination controls (CAPCO) and CUI limited dissemination controls.
control('NOFORN', 'NF');
control('ORCON', 'OC');
control('ORCON-USGOV', 'OC-USGOV');
control('IMCON', 'IMC');
control('RELIDO');
control('PROPIN', 'PR');
control('FISA');
control('RSEN', 'RS');
control('FOUO');
control('LES');
control('LES-NF');
control('SSI');
control('DSEN');
control('LIMDIS', 'DS');
control('EXDIS', 'XD');
control('NODIS', 'ND');
control('SBU');
control('SBU-NF');
control('WAIVED');
control('FEDCON');
control('NOCON');
control('FED ONLY');
control('DL ONLY');
control('EYES ONLY');
control('UK EYES ONLY');
control('ATTORNEY-CLIENT', 'AC');
control('ATTORNEY-WP', 'AWP');
// SCI control systems, special access, atomic energy, foreign government information, NATO, UK descriptors.
for (const name of ['SCI', 'SI', 'TK', 'HCS', 'G', 'KDK', 'RSV', 'BUR', 'SAR', 'RD', 'FRD', 'CNWDI', 'SIGMA', 'TFNI', 'UCNI', 'DCNI', 'NNPI', 'FGI', 'NATO', 'ATOMAL', 'BOHEMIA', 'COMMERCIAL', 'PERSONAL', 'LOCSEN']) control(name);
// CUI category markings (used bare or after SP- for specified authorities).
const cuiCategories = new Set([
  'ADPO', 'AG', 'AIV', 'ARCHR', 'ASYL', 'BARG', 'BATT', 'BUDG', 'CCI', 'CEII', 'CENS', 'CHLD', 'CHRI', 'CMPRS', 'COMPT',
  'CONTRACT', 'CRITAN', 'CTI', 'CVI', 'CVIC', 'DCRIT', 'DREC', 'EMGT', 'EXPT', 'EXPTR', 'FNC', 'FSEC', 'FUND', 'GENETIC',
  'HLTH', 'IFNC', 'INF', 'INTEL', 'INV', 'ISVI', 'LCOMM', 'LDNA', 'LEI', 'LPROT', 'MIL', 'NUC', 'OPSEC', 'PATENT', 'PCII',
  'PERS', 'PHYS', 'PRIVILEGE', 'PROCURE', 'PROPIN', 'PRVCY', 'SAFE', 'SSI', 'STAT', 'STUD', 'SUB', 'TAX', 'TSCA', 'UCNI',
  'WHSTL', 'XFER',
]);

const relTo = /^REL(?:EASABLE)? TO ([A-Z]{3,4}(?: ?, ?[A-Z]{3,4})*)$/;
const displayOnly = /^DISPLAY ONLY ([A-Z]{3,4}(?: ?, ?[A-Z]{3,4})*)$/;
const listSeparator = / ?, ?/;
const whitespace = /\s+/g;

/** One part of a caveat segment (`NF`, `SI-G`, `SP-PRVCY`, `REL TO USA, GBR`) in the vocabulary's words, or undefined. */
export function readCaveat(part: string): string | undefined {
  const upper = part.toUpperCase().replace(whitespace, ' ').trim();
  const known = controls.get(upper);
  if (known !== undefined) return known;
  const release = relTo.exec(upper) ?? displayOnly.exec(upper);
  if (release !== null) {
    const named = (release[1] as string).split(listSeparator).filter((name) => releaseTrigraphs.has(name));
    return named.length === 0 ? undefined : `${upper.startsWith('DISPLAY') ? 'DISPLAY ONLY' : 'REL TO'} ${named.join(', ')}`;
  }
  const category = upper.startsWith('SP-') ? upper.slice(3) : upper;
  if (cuiCategories.has(category)) return upper.startsWith('SP-') ? upper : category;
  // A compartment of a control system (SI-G, HCS-P, SAR-XYZ) reads as its control system.
  const dash = upper.indexOf('-');
  return dash > 0 ? controls.get(upper.slice(0, dash)) : undefined;
}

/** How a caveat is written in a portion marking: its abbreviation where it has one (`NOFORN` as `NF`). */
function portionForm(caveat: string): string {
  return abbreviations.get(caveat) ?? caveat;
}

/**
 * Reads a parsed marking: `head` is the level as written (banner name or portion abbreviation), `segments` its
 * `//`-separated caveat segments, each split at single `/`. Unknown caveats are left out; a segment with none
 * left is dropped. Returns undefined when `head` is not a level.
 */
export function readMarking(head: string, segments: readonly string[][], portion: boolean): MarkingReading | undefined {
  const entry = portion ? portionLevel(head) : bannerLevel(head);
  if (entry === undefined) return undefined;
  const caveats = [...entry.caveats];
  const written: string[] = [];
  for (const segment of segments) {
    const known = segment.map(readCaveat).filter((caveat): caveat is string => caveat !== undefined);
    if (known.length === 0) continue;
    caveats.push(...known);
    written.push((portion ? known.map(portionForm) : known).join('/'));
  }
  const canonical = [entry.name, ...written].join('//');
  return { level: entry.level, caveats: [...new Set(caveats)], canonical: portion ? `(${canonical})` : canonical };
}
