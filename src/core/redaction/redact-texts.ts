import type { TextFinding } from '../profile/data-profile.ts';
import type { FindingKind } from '../profile/finding.ts';
import { placeholderFor } from './placeholder.ts';
import { pseudonymFor } from './pseudonym.ts';
import { Restorer } from './restorer.ts';
import { createTokenReplacer } from './token-replacer.ts';

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
 * occurrence of a found value is replaced too. A token never collides with text already there nor contains a
 * value. The result is checked before it is returned: no value remains and the restorer gives back exactly the
 * original texts; a pseudonym that fails the check falls back to placeholders. Throws only if placeholders fail it
 * too, which no detector output can cause (the caller then refuses the request).
 * @param findings positions in `texts` (`text` is the index), as the profile reports them, in order
 */
export function redactTexts(texts: readonly string[], findings: readonly TextFinding[], mode: RedactionMode = 'placeholder'): RedactedTexts {
  const redactable = mergeOverlapping(findings.filter(isRedactableFinding));
  if (redactable.length === 0) return { texts: [...texts], restorer: new Restorer(new Map()) };
  const attempt = tryRedact(texts, redactable, mode);
  if (attempt !== undefined) return attempt;
  const fallback = mode === 'pseudonym' ? tryRedact(texts, redactable, 'placeholder') : undefined;
  if (fallback !== undefined) return fallback;
  throw new Error('redaction could not replace every detected value');
}

/**
 * Findings may overlap (a value found in a decoded view covers its whole encoded run, which may contain another
 * finding): per text, in order of position, overlapping findings become one span with the kind of the first.
 */
export function mergeOverlapping(findings: readonly TextFinding[]): TextFinding[] {
  const sorted = [...findings].sort((first, second) => first.text - second.text || first.start - second.start || second.end - first.end);
  const merged: TextFinding[] = [];
  for (const finding of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.text === finding.text && finding.start < last.end) {
      if (finding.end > last.end) merged[merged.length - 1] = { ...last, end: finding.end };
      continue;
    }
    merged.push({ kind: finding.kind, start: finding.start, end: finding.end, text: finding.text });
  }
  return merged;
}

function tryRedact(texts: readonly string[], findings: readonly TextFinding[], mode: RedactionMode): RedactedTexts | undefined {
  const kinds = new Map<string, FindingKind>();
  for (const finding of findings) {
    const value = texts[finding.text]!.slice(finding.start, finding.end);
    if (!kinds.has(value)) kinds.set(value, finding.kind);
  }
  const tokens = assignTokens(kinds, texts.join('\u0000'), mode);
  const others = createTokenReplacer(tokens);
  const redacted = texts.map((text, index) => {
    let output = '';
    let from = 0;
    for (const finding of findings) {
      if (finding.text !== index) continue;
      output += others.replace(text.slice(from, finding.start)) + tokens.get(text.slice(finding.start, finding.end))!;
      from = finding.end;
    }
    return from === 0 ? others.replace(text) : output + others.replace(text.slice(from));
  });
  const originals = new Map<string, string>();
  for (const [value, token] of tokens) originals.set(token, value);
  const restorer = new Restorer(originals);
  for (let index = 0; index < texts.length; index++) {
    const text = redacted[index]!;
    for (const value of tokens.keys()) if (text.includes(value)) return undefined;
    if (restorer.restoreText(text) !== texts[index]) return undefined;
  }
  return { texts: redacted, restorer };
}

/** One token per distinct value: never one already in the texts, never one that contains a value. */
function assignTokens(kinds: ReadonlyMap<string, FindingKind>, joined: string, mode: RedactionMode): Map<string, string> {
  const tokens = new Map<string, string>();
  const used = new Set<string>();
  const next = new Map<FindingKind, number>();
  const values = [...kinds.keys()];
  for (const [value, kind] of kinds) {
    let ordinal = next.get(kind) ?? 1;
    let token: string;
    do {
      token = (mode === 'pseudonym' ? pseudonymFor(kind, ordinal) : undefined) ?? placeholderFor(kind, ordinal);
      ordinal++;
    } while (used.has(token) || joined.includes(token) || values.some((known) => token.includes(known)));
    next.set(kind, ordinal);
    used.add(token);
    tokens.set(value, token);
  }
  return tokens;
}
