import { describe, expect, it } from 'vitest';
import { profileText } from '../profile/profile-text.ts';
import { redactTexts } from './redact-texts.ts';
import { createValueScrubber } from './scrub-values.ts';

/**
 * The work of redacting many distinct values counted, not timed (timings are in `bench/redaction.ts`): how many
 * substring searches (`includes`, `indexOf`, `lastIndexOf`, `startsWith`) redaction makes. Searching the texts once
 * per found value, or each candidate token against every value, made 16,000 addresses take seconds; every such
 * search now goes through one multi-pattern pass (`PatternAutomaton`), so the count stays a small multiple of the
 * values, not of their square.
 */
const searches = ['includes', 'indexOf', 'lastIndexOf', 'startsWith'] as const;

function countingSearches<Result>(work: () => Result): { result: Result; calls: number } {
  const prototype = String.prototype as unknown as Record<string, (...parameters: unknown[]) => unknown>;
  const originals = searches.map((name) => prototype[name]!);
  let calls = 0;
  searches.forEach((name, index) => {
    const original = originals[index]!;
    prototype[name] = function counted(this: string, ...parameters: unknown[]) {
      calls++;
      return original.apply(this, parameters);
    };
  });
  try {
    return { result: work(), calls };
  } finally {
    searches.forEach((name, index) => (prototype[name] = originals[index]!));
  }
}

/** `count` distinct addresses, 50 to a message, each written again (in another order) in the next message. */
function textsWith(count: number): { texts: string[]; addresses: string[] } {
  const addresses = Array.from({ length: count }, (_, index) => `user${index}.${(index * 7919) % 104_729}@mail${index % 97}.example.com`);
  const texts: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const slice = addresses.slice(start, start + 50);
    texts.push(`Please write to ${slice.join(', then ')} about the invoice.`);
    texts.push(`Done: ${[...slice].reverse().join(' and ')} were told.`);
  }
  return { texts, addresses };
}

describe('redaction work with many distinct values', () => {
  it('redacts 16,000 distinct addresses with a bounded number of substring searches, and redacts them all', () => {
    const { texts, addresses } = textsWith(16_000);
    const findings = profileText(texts).findings;
    expect(findings.filter((finding) => finding.kind === 'email')).toHaveLength(32_000);
    const { result, calls } = countingSearches(() => {
      const redacted = redactTexts(texts, findings, 'placeholder');
      const restored = redacted.texts.map((text) => redacted.restorer.restoreText(text));
      const scrubbed = createValueScrubber(texts, findings)(`Invalid content: ${texts[0]!}`);
      return { redacted, restored, scrubbed };
    });
    // At most a couple of searches per value (quadratic ways made over 100 million).
    expect(calls).toBeLessThanOrEqual(2 * addresses.length);
    const sent = result.redacted.texts.join('\n');
    for (const address of [addresses[0]!, addresses[7_777]!, addresses[15_999]!]) expect(sent).not.toContain(address);
    expect(sent).not.toMatch(/@mail\d+\.example\.com/);
    expect(new Set(sent.match(/\[EMAIL_\d+\]/g)).size).toBe(16_000);
    expect(result.restored).toEqual(texts);
    expect(result.scrubbed).not.toContain('@mail');
    // A generous limit: the count above is the bound; a busy machine must not fail this on time.
  }, 120_000);
});
