import { describe, expect, it } from 'vitest';
import { parseClassificationMarking } from './classification-marking.ts';
import { detectFindings } from './detect-findings.ts';

/** The markings found in `text`: what each says, and the exact characters of `text` it covers. */
function markingsIn(text: string): Array<[string, string]> {
  return detectFindings(text)
    .filter((finding) => finding.kind === 'classification-marking')
    .map((finding) => [finding.marking?.canonical ?? '', text.slice(finding.start, finding.end)]);
}

describe('parseClassificationMarking', () => {
  it.each([
    ['SECRET//NOFORN', 'SECRET', ['NOFORN']],
    ['TOP SECRET//SCI//NOFORN', 'TOP SECRET', ['SCI', 'NOFORN']],
    ['TOP SECRET//SI/TK//NOFORN', 'TOP SECRET', ['SI', 'TK', 'NOFORN']],
    ['SECRET//REL TO USA,GBR', 'SECRET', ['REL TO USA, GBR']],
    ['CONTROLLED//FEDCON', 'CUI', ['FEDCON']],
    ['CUI//SP-PRVCY', 'CUI', ['SP-PRVCY']],
    ['OFFICIAL-SENSITIVE', 'OFFICIAL', ['OFFICIAL-SENSITIVE']],
    ['**CONFIDENTIAL', 'CONFIDENTIAL', []],
    ['(S//NF)', 'SECRET', ['NOFORN']],
    ['(TS//SI//OC/NF)', 'TOP SECRET', ['SI', 'ORCON', 'NOFORN']],
    ['(C//REL TO USA, AUS)', 'CONFIDENTIAL', ['REL TO USA, AUS']],
    ['(U//FOUO)', 'UNCLASSIFIED', ['FOUO']],
    ['(CUI)', 'CUI', []],
    ['top secret // si-g abcd // noforn', 'TOP SECRET', ['SI', 'NOFORN']],
    ['NATO SECRET', 'SECRET', ['NATO']],
    ['COSMIC TOP SECRET//ATOMAL', 'TOP SECRET', ['NATO', 'ATOMAL']],
    ['RESTRICTED', 'CUI', ['RESTRICTED']],
  ])('%s', (marking, level, caveats) => {
    expect(parseClassificationMarking(marking)).toMatchObject({ level, caveats });
  });

  it('leaves words outside the vocabulary out of the reading', () => {
    expect(parseClassificationMarking('SECRET//HUNTER2//NOFORN')).toEqual({ level: 'SECRET', caveats: ['NOFORN'], marking: 'SECRET//NOFORN' });
    expect(parseClassificationMarking('the plan')).toBeUndefined();
  });
});

/** Banners as they are written, and as an evader writes them: [label, text, canonical, covered characters]. */
const banners: Array<[string, string, string, string]> = [
  ['lower case', 'secret//noforn\nThe plan.', 'SECRET//NOFORN', 'secret//noforn'],
  ['mixed case', 'Top Secret//Sci//NoForn\nx', 'TOP SECRET//SCI//NOFORN', 'Top Secret//Sci//NoForn'],
  ['spaces around //', 'SECRET // NOFORN\nx', 'SECRET//NOFORN', 'SECRET // NOFORN'],
  ['double space in the level', 'TOP  SECRET//SCI\nx', 'TOP SECRET//SCI', 'TOP  SECRET//SCI'],
  ['tabs', 'TOP\tSECRET\t//\tSI/TK\t//\tNOFORN', 'TOP SECRET//SI/TK//NOFORN', 'TOP\tSECRET\t//\tSI/TK\t//\tNOFORN'],
  ['zero-width space inside the level', 'SE\u200BCRET//NOFORN\nx', 'SECRET//NOFORN', 'SE\u200BCRET//NOFORN'],
  ['zero-width joiners between all letters', 'S\u200DE\u200DC\u200DR\u200DE\u200DT//NF', 'SECRET//NOFORN', 'S\u200DE\u200DC\u200DR\u200DE\u200DT//NF'],
  ['soft hyphen', 'SEC\u00ADRET//NOFORN', 'SECRET//NOFORN', 'SEC\u00ADRET//NOFORN'],
  ['byte order mark first', '\uFEFFTOP SECRET//SCI\nx', 'TOP SECRET//SCI', 'TOP SECRET//SCI'],
  ['variation selector', 'SECRET\uFE0F//NOFORN', 'SECRET//NOFORN', 'SECRET\uFE0F//NOFORN'],
  ['no-break space in the level', 'TOP\u00A0SECRET//SCI', 'TOP SECRET//SCI', 'TOP\u00A0SECRET//SCI'],
  ['ideographic space around //', 'SECRET\u3000//\u3000NOFORN', 'SECRET//NOFORN', 'SECRET\u3000//\u3000NOFORN'],
  ['fullwidth letters and solidus', '\uFF33\uFF25\uFF23\uFF32\uFF25\uFF34\uFF0F\uFF0F\uFF2E\uFF26', 'SECRET//NOFORN', '\uFF33\uFF25\uFF23\uFF32\uFF25\uFF34\uFF0F\uFF0F\uFF2E\uFF26'],
  ['Cyrillic look-alikes', '\u0405\u0415\u0421R\u0415\u0422//NOFORN', 'SECRET//NOFORN', '\u0405\u0415\u0421R\u0415\u0422//NOFORN'],
  ['Greek look-alikes in the caveat', 'SECRET//\u039D\u039FF\u039FR\u039D', 'SECRET//NOFORN', 'SECRET//\u039D\u039FF\u039FR\u039D'],
  ['mathematical bold letters', '\u{1D413}\u{1D40E}\u{1D40F} \u{1D412}\u{1D404}\u{1D402}\u{1D411}\u{1D404}\u{1D413}\nx', 'TOP SECRET', '\u{1D413}\u{1D40E}\u{1D40F} \u{1D412}\u{1D404}\u{1D402}\u{1D411}\u{1D404}\u{1D413}'],
  ['division slash', 'SECRET\u2215\u2215NOFORN', 'SECRET//NOFORN', 'SECRET\u2215\u2215NOFORN'],
  ['combining marks on the letters', 'S\u0336E\u0336C\u0336R\u0336E\u0336T\u0336//NF', 'SECRET//NOFORN', 'S\u0336E\u0336C\u0336R\u0336E\u0336T\u0336//NF'],
  ['Markdown heading', '# SECRET//NOFORN\nbody', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  // A level, `//` and a known caveat are a marking wherever they stand: prose does not write them by chance.
  ['mid-sentence with a known caveat', 'This is SECRET//NOFORN material', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['a question about a marking (taken as marked: fail closed)', 'What does TOP SECRET//SCI mean in a memo?', 'TOP SECRET//SCI', 'TOP SECRET//SCI'],
  ['numbered list', 'Files:\n1. SECRET//NOFORN\nOperation', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['glued TOP and SECRET', 'ref TOPSECRET//SI plan', 'TOP SECRET//SI', 'TOPSECRET//SI'],
  ['TOP and SECRET joined by an underscore', 'TOP_SECRET//SI', 'TOP SECRET//SI', 'TOP_SECRET//SI'],
  ['top-secret in lower case', 'the top-secret//si files', 'TOP SECRET//SI', 'top-secret//si'],
  ['HTML comment', '<!-- SECRET//NOFORN -->\nbody', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['second table cell', '| Classification | SECRET//NOFORN |', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['in brackets in a subject line', 'Subject: [SECRET//NOFORN] plan', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['after an emoji', '\u{1F512} SECRET//NOFORN\nbody', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['after a date', '2024-01-01 SECRET//NOFORN\nbody', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['inside LaTeX', '\\textbf{SECRET//NOFORN}', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['after a sentence, lower case', 'Read this. secret//noforn', 'SECRET//NOFORN', 'secret//noforn'],
  ['Markdown heading, bare level', 'Intro\n### TOP SECRET\nbody', 'TOP SECRET', 'TOP SECRET'],
  ['Markdown quote and bold', '> **SECRET//NOFORN**', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['list item', '- CONFIDENTIAL//REL TO USA, GBR', 'CONFIDENTIAL//REL TO USA, GBR', 'CONFIDENTIAL//REL TO USA, GBR'],
  ['HTML paragraph', '<p>SECRET//NOFORN</p>', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['HTML banner with attributes, bare level', '<body><div class="banner" style="color:red">TOP SECRET</div>', 'TOP SECRET', 'TOP SECRET'],
  ['HTML inline tags around the level', 'Text<br><b><font color="red">SECRET</font></b><br>more', 'SECRET', 'SECRET'],
  ['label with colon', 'CLASSIFICATION: SECRET//NOFORN\nx', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['label with dash, title case', 'Classification - Secret\nBody', 'SECRET', 'Secret'],
  ['label, lower case', 'classification: confidential', 'CONFIDENTIAL', 'confidential'],
  ['qualified label, sentence end', 'Security classification: Top Secret.', 'TOP SECRET', 'Top Secret'],
  ['label in mixed case, upper-case level', 'cLaSsIfIcAtIoN: SECRET', 'SECRET', 'SECRET'],
  ['protective marking (UK)', 'Protective marking: OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE'],
  ['sensitivity label', 'Sensitivity: Confidential', 'CONFIDENTIAL', 'Confidential'],
  ['JSON field', '{"id":7,"classification":"secret","body":"x"}', 'SECRET', 'secret'],
  ['after an escaped line break in a JSON string', '{"result":"Report\\nSECRET//NOFORN\\nbody"}', 'SECRET//NOFORN', 'SECRET//NOFORN'],
  ['bare level between escaped line breaks', '{"a":"x\\nTOP SECRET\\nbody"}', 'TOP SECRET', 'TOP SECRET'],
  ['twice-escaped line break', '{"a":"{\\"b\\":\\"x\\\\nsecret//noforn\\"}"}', 'SECRET//NOFORN', 'secret//noforn'],
  ['start of a JSON string value', '{"text":"TOP SECRET//SI//NOFORN summary"}', 'TOP SECRET//SI//NOFORN', 'TOP SECRET//SI//NOFORN'],
  ['NATO', 'NATO SECRET\nx', 'NATO SECRET', 'NATO SECRET'],
  ['CUI with a category', 'CUI//SP-CTI//FEDCON', 'CUI//SP-CTI//FEDCON', 'CUI//SP-CTI//FEDCON'],
  ['level and // with nothing known after them', 'SECRET//AKIAIOSFODNN7EXAMPLE', 'SECRET', 'SECRET'],
];

describe('classification markings: variants of banners and where they stand', () => {
  it.each(banners)('%s', (_label, text, canonical, covered) => {
    expect(markingsIn(text)).toEqual([[canonical, covered]]);
  });
});

const portions: Array<[string, string, Array<[string, string]>]> = [
  ['with caveats', 'Intro. (S//NF) The source said', [['(S//NF)', '(S//NF)']]],
  ['SCI', '(TS//SCI) Report', [['(TS//SCI)', '(TS//SCI)']]],
  ['lower case, spaced', 'x (ts // si // nf) y', [['(TS//SI//NF)', '(ts // si // nf)']]],
  ['FOUO', '(U//FOUO) Routine', [['(U//FOUO)', '(U//FOUO)']]],
  ['bare CUI opening a paragraph', 'Intro\n(CUI) The schedule', [['(CUI)', '(CUI)']]],
  ['bare (S) opening a paragraph', 'Intro\n(S) The source said', [['(S)', '(S)']]],
  ['bare (C) in a marked document', 'SECRET//NOFORN\n(C) The source said\n(S) More', [['SECRET//NOFORN', 'SECRET//NOFORN'], ['(C)', '(C)'], ['(S)', '(S)']]],
  ['unclosed with caveats', '(S//NF The source', [['(S//NF)', '(S//NF']]],
  ['fullwidth parentheses', '\uFF08\uFF33//\uFF2E\uFF26\uFF09 text', [['(S//NF)', '\uFF08\uFF33//\uFF2E\uFF26\uFF09']]],
];

describe('classification markings: portion markings', () => {
  it.each(portions)('%s', (_label, text, expected) => {
    expect(markingsIn(text)).toEqual(expected);
  });
});

/** Prose, code and data that use the words without being marked. */
const prose: Array<[string, string]> = [
  ['secret in prose', 'the secret to good bread is time'],
  ['SECRET in prose', 'The SECRET to good bread is time'],
  ['title case heading alone', 'Top Secret\nA novel.'],
  ['single word reply', 'Secret'],
  ['word in lower case alone on a line', 'The recipe:\nsecret\nmore'],
  ['SECRET starting a sentence', 'SECRET SAUCE recipe'],
  ['marking-like word', 'SECRETARY'],
  ['CONFIDENTIAL starting prose', 'CONFIDENTIAL information follows below'],
  ['confidential in an e-mail footer sentence', 'This e-mail is confidential and intended only for the addressee.'],
  ['Markdown heading with prose', '# Secret ingredients\nFlour.'],
  ['heading with an upper-case phrase', '## SECRET SANTA RULES\nBe nice.'],
  ['HTML prose', '<p>The secret is out.</p>'],
  ['inline bold in a sentence', 'This is <b>SECRET</b> stuff'],
  ['label followed by prose', 'What is the classification: secret or not?'],
  ['classification as a topic', 'Classification of secret societies is hard.'],
  ['sensitivity of a test', 'Sensitivity - specificity trade-off'],
  ['marking as a verb', 'Marking: done for all exams'],
  ['copyright', '(C) 2024 Acme Corp'],
  ['copyright opening a line', 'Intro\n(C) Acme Corp 2024'],
  ['multiple choice', 'Pick one:\n(A) Red\n(B) Blue\n(C) Green'],
  ['plural', 'the item(s) you ordered'],
  ['lower-case portion', '(s) plural'],
  ['C++ comment', '// SECRET: do not log this'],
  ['a numbered list of levels (a bare level after a list number is prose)', 'Levels:\n1. CONFIDENTIAL\n2. SECRET\n3. TOP SECRET'],
  ['a level and // without a known caveat, mid-sentence', 'The SECRET//sauce post is up'],
  ['a URL after a level word', 'Open the SECRET http://example.com page'],
  ['URL', 'see https://example.com//secret//path'],
  ['JSON value equal to a level', '{"visibility":"SECRET"}'],
  ['quoted word', 'the word "SECRET" appears twice'],
  ['restricted area', 'Restricted area, staff only'],
  ['official statement', 'OFFICIAL statement follows'],
  ['Kubernetes kind', 'kind: Secret\nmetadata:'],
  ['CUI in a word', 'CUISINE'],
];

describe('classification markings: prose is not marked', () => {
  it.each(prose)('%s', (_label, text) => {
    expect(markingsIn(text)).toEqual([]);
  });
});

describe('classification markings: a marking ends where its grammar ends', () => {
  it.each([
    ['a key after UNCLASSIFIED//', `UNCLASSIFIED//${['AKIA', 'IOSFODNN7EXAMPLE'].join('')}`, 'aws-access-key-id', ['AKIA', 'IOSFODNN7EXAMPLE'].join('')],
    ['an IBAN after SECRET//NOFORN', 'SECRET//NOFORN DE89 3704 0044 0532 0130 00', 'iban', 'DE89 3704 0044 0532 0130 00'],
    ['an e-mail address after a banner', 'CUI//SP-PRVCY anna@example.de', 'email', 'anna@example.de'],
    ['a national insurance number shaped like a caveat', 'SECRET//AB123456C', 'uk-nino', 'AB123456C'],
    ['a phone number in a REL TO list', 'CONFIDENTIAL//REL TO USA, GBR +44 20 7946 0958', 'phone', '+44 20 7946 0958'],
  ])('%s', (_label, text, kind, value) => {
    const findings = detectFindings(text);
    expect(findings.filter((finding) => finding.kind === 'classification-marking')).toHaveLength(1);
    expect(findings.filter((finding) => finding.kind === kind).map((finding) => text.slice(finding.start, finding.end))).toEqual([value]);
    expect(JSON.stringify(findings.map((finding) => finding.marking))).not.toContain(value.slice(0, 6));
  });
});
