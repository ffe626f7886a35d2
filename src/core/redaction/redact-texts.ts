import type { TextFinding } from '../profile/data-profile.ts';
import { foundValues, type FoundValue } from './found-values.ts';
import type { FindingKind } from '../profile/finding.ts';
import { placeholderFor } from './placeholder.ts';
import { pseudonymFor } from './pseudonym.ts';
import { Restorer } from './restorer.ts';
import { PatternAutomaton } from './pattern-automaton.ts';

/** `placeholder` for the `redact` action (`[EMAIL_1]`), `pseudonym` for `pseudonymise` (`person1@example.invalid`). */
export type RedactionMode = 'placeholder' | 'pseudonym';

/** The texts as they may leave, and the restorer for the answer. */
export interface RedactedTexts {
  texts: string[];
  restorer: Restorer;
}

/** Everything a detector found except classification markings: personal data and credentials. */
export function isRedactableFinding(finding: { kind: FindingKind }): boolean {
  return finding.kind !== 'classification-marking';
}

/**
 * Replaces every personal value and credential found in a request's texts with a stable token: the same value
 * gets the same token wherever it appears in the request, numbered per kind in order of first appearance, so a
 * conversation whose history is resent turn after turn keeps its tokens. Besides the found positions, every other
 * occurrence of a found value is replaced too. A value split over adjacent texts (`anna.schmidt` + `@example.de`)
 * gets one token where its first piece stood and its other pieces are removed. A token never collides with text already there nor contains a
 * value. The result is checked before it is returned: no value remains and the restorer gives back exactly the
 * original texts; a pseudonym that fails the check falls back to placeholders. Throws only if placeholders fail it
 * too, which no detector output can cause (the caller then refuses the request).
 * @param findings positions in `texts` (`text` is the index), as the profile reports them, in order
 */
export function redactTexts(texts: readonly string[], findings: readonly TextFinding[], mode: RedactionMode = 'placeholder'): RedactedTexts {
  const values = foundValues(texts, findings.filter(isRedactableFinding), { everyOccurrence: true });
  if (values.length === 0) return { texts: [...texts], restorer: new Restorer(new Map()) };
  const attempt = tryRedact(texts, values, mode);
  if (attempt !== undefined) return attempt;
  const fallback = mode === 'pseudonym' ? tryRedact(texts, values, 'placeholder') : undefined;
  if (fallback !== undefined) return fallback;
  throw new Error('redaction could not replace every detected value');
}

/**
 * Each value's first piece becomes its token and its other pieces (a value split over adjacent texts) become empty,
 * so the token stands once for the whole value.
 */
function tryRedact(texts: readonly string[], values: readonly FoundValue[], mode: RedactionMode): RedactedTexts | undefined {
  const kinds = new Map<string, FindingKind>();
  for (const { value, kind } of values) if (!kinds.has(value)) kinds.set(value, kind);
  // Glued, so no token is chosen that adjacent texts spell together (`[EMA` + `IL_1]`).
  const tokens = assignTokens(kinds, texts.join(''), mode);
  if (tokens === undefined) return undefined;
  // Each piece's replacement, and what restoring it must give: the whole value where its first piece stood, nothing
  // where its other pieces stood.
  const replacements: Array<Array<{ start: number; end: number; with: string; restored: string }>> = texts.map(() => []);
  for (const { value, pieces } of values) {
    pieces.forEach((piece, index) =>
      replacements[piece.text]!.push({ start: piece.start, end: piece.end, with: index === 0 ? tokens.get(value)! : '', restored: index === 0 ? value : '' }),
    );
  }
  for (const list of replacements) list.sort((first, second) => first.start - second.start);
  const rewrite = (text: string, index: number, field: 'with' | 'restored'): string => {
    let output = '';
    let from = 0;
    for (const replacement of replacements[index]!) {
      output += text.slice(from, replacement.start) + replacement[field];
      from = replacement.end;
    }
    return output + text.slice(from);
  };
  const redacted = texts.map((text, index) => rewrite(text, index, 'with'));
  const originals = new Map<string, string>();
  for (const [value, token] of tokens) originals.set(token, value);
  const restorer = new Restorer(originals);
  if (new PatternAutomaton([...tokens.keys()]).occursIn(redacted.join(''))) return undefined;
  for (let index = 0; index < texts.length; index++) {
    if (restorer.restoreText(redacted[index]!) !== rewrite(texts[index]!, index, 'restored')) return undefined;
  }
  return { texts: redacted, restorer };
}

/** How many ordinals one kind may try before redaction gives up (no detector output comes near it). */
const maxOrdinal = 100_000;

/**
 * One token per distinct value: never one already in the texts, never one that contains a value. Undefined when no
 * such token is found within {@link maxOrdinal} tries (the caller then refuses the request rather than loop).
 * Each kind's values take, in order, the ordinals whose tokens pass; candidates are checked in batches, each batch
 * with one pass over the texts, so thousands of values cost passes in proportion to the texts, not to their product.
 */
function assignTokens(kinds: ReadonlyMap<string, FindingKind>, joined: string, mode: RedactionMode): Map<string, string> | undefined {
  const valuesOf = new Map<FindingKind, string[]>();
  for (const [value, kind] of kinds) {
    const list = valuesOf.get(kind);
    if (list === undefined) valuesOf.set(kind, [value]);
    else list.push(value);
  }
  const values = new PatternAutomaton([...kinds.keys()]);
  const used = new Set<string>();
  const tokens = new Map<string, string>();
  for (const [kind, list] of valuesOf) {
    const chosen: string[] = [];
    let ordinal = 1;
    while (chosen.length < list.length) {
      if (ordinal > maxOrdinal) return undefined;
      // At least as many candidates as values left, and as many as tried already: a text that holds many of the
      // tokens costs a few batches more, never one pass per token.
      const last = Math.min(maxOrdinal, ordinal - 1 + Math.max(list.length - chosen.length, ordinal));
      const candidates: string[] = [];
      for (; ordinal <= last; ordinal++) candidates.push((mode === 'pseudonym' ? pseudonymFor(kind, ordinal) : undefined) ?? placeholderFor(kind, ordinal));
      const present = new Set<number>();
      new PatternAutomaton(candidates).forEachMatch(joined, (candidate) => present.add(candidate));
      for (let index = 0; index < candidates.length && chosen.length < list.length; index++) {
        const token = candidates[index]!;
        if (present.has(index) || used.has(token) || values.occursIn(token)) continue;
        used.add(token);
        chosen.push(token);
      }
    }
    list.forEach((value, index) => tokens.set(value, chosen[index]!));
  }
  // In order of the values, as they were given.
  return new Map([...kinds.keys()].map((value) => [value, tokens.get(value)!]));
}
