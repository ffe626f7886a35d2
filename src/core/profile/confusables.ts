/**
 * Letters and signs that look like the ASCII ones the detectors read and that compatibility normalisation (NFKD)
 * leaves alone: Cyrillic, Greek, Armenian and Cherokee look-alikes of Latin letters, small capitals, dotless i,
 * and look-alikes of `/`, `-`, `.` and `@` (typographic quotes stay: they carry nothing the detectors read).
 * Enough to spell every word of the marking vocabulary (`ТОР ЅЕСRЕТ`, `ΝΟFΟRΝ`) and the fixed prefixes of
 * credentials in look-alikes.
 * @see https://www.unicode.org/Public/security/latest/confusables.txt (the subset that maps to one ASCII character)
 */
const pairs: Array<[string, string]> = [
  // Cyrillic capitals and small letters.
  ['АВСЕНІЈКМОРЅТХУҮԀԚԜӀԌ', 'ABCEHIJKMOPSTXYYDQWIG'],
  ['асеіјорѕхуԁһӏԛԝүɡ', 'aceijopsxydhlqwyg'],
  // Greek capitals and the small letters that look Latin.
  ['ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϜϹϺ', 'ABEZHIKMNOPTYXFCM'],
  ['αοιικνρυχϲϳ', 'aoiikvpuxcj'],
  // Armenian and Cherokee look-alikes.
  ['ՕՍՏօսհոզ', 'OUSouhnq'],
  ['ᎪᏴᏟᎠᎬᏀᎻᏆᎫᏦᏞᎷᏒᏚᎢᏙᏔᏃ', 'ABCDEGHIJKLMRSTVWZ'],
  // Small capitals and other Latin letters that read as ASCII ones.
  ['ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ', 'ABCDEFGHIJKLMNOPRSTUVWYZ'],
  ['ıȷɑɩʋ', 'ijaiv'],
  // Signs.
  ['∕⁄⧸╱', '////'],
  ['‐‑‒–—―⁃−﹘﹣', '----------'],
  ['。｡︒', '...'],
  ['﹫', '@'],
];

/** Confusable character to the ASCII character it reads as. */
export const confusables: ReadonlyMap<string, string> = new Map(
  pairs.flatMap(([from, to]) => {
    const sources = [...from];
    const targets = [...to];
    if (sources.length !== targets.length) throw new Error(`confusables: ${from} and ${to} differ in length`);
    return sources.map((source, index) => [source, targets[index] as string] as [string, string]);
  }),
);
