import { describe, expect, it } from 'vitest';
import { parseClassificationMarking } from './classification-marking.ts';

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
  ])('%s', (marking, level, caveats) => {
    expect(parseClassificationMarking(marking)).toMatchObject({ level, caveats });
  });
});
