// Tests run only in Node; the detectors themselves stay isomorphic (no node:* in their sources).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFindings } from './detect-findings.ts';
import type { FindingKind } from './finding.ts';

/**
 * Runs the detectors over 200 real airline-support agent trajectories (tau-bench, gpt-4o): policy prompt, user
 * turns, tool calls and JSON tool results full of order ids (`credit_card_4421486`), flight numbers, dates, times,
 * prices and seat counts. The data holds the e-mail addresses of fictional users (true positives: `@example.com`,
 * and a few `@gmail.com` the simulated users typed) and nothing else we detect: no phone numbers, card or account numbers, national ids, IP
 * addresses, credentials or markings (`grep` finds no digit groups of those shapes). So every finding of another
 * kind is a false positive, and the threshold for those kinds is zero.
 */
const path = fileURLToPath(new URL('../../../../shared/data/tau-bench/gpt-4o-airline.json', import.meta.url));
const present = existsSync(path);

/** Most findings per kind we accept, with the reason. */
const thresholds: Partial<Record<FindingKind, number>> = {
  // 127 addresses of fictional users (39 distinct) appear in the trajectories, each a true positive; a looser
  // `[\w.+-]+@[\w.-]+` finds the same 127, so none is missed either.
  email: 127,
};

interface Trajectory {
  traj: Array<{ content?: string | null; tool_calls?: Array<{ function: { arguments: string } }> }>;
}

describe.skipIf(!present)('false positives on tau-bench airline trajectories', () => {
  it('stays within the thresholds for every kind', () => {
    const trajectories = JSON.parse(readFileSync(path, 'utf8')) as Trajectory[];
    const texts: string[] = [];
    for (const trajectory of trajectories) {
      for (const message of trajectory.traj) {
        if (typeof message.content === 'string') texts.push(message.content);
        for (const call of message.tool_calls ?? []) texts.push(call.function.arguments);
      }
    }
    const counts = new Map<FindingKind, number>();
    const emails = new Set<string>();
    for (const text of texts) {
      for (const finding of detectFindings(text)) {
        counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
        if (finding.kind === 'email') emails.add(text.slice(finding.start, finding.end));
      }
    }
    const characters = texts.reduce((sum, text) => sum + text.length, 0);
    console.log(`tau-bench findings over ${texts.length} texts, ${characters} characters:`, Object.fromEntries(counts), `(${emails.size} distinct e-mail addresses)`);

    for (const [kind, count] of counts) expect({ kind, count }).toEqual({ kind, count: Math.min(count, thresholds[kind] ?? 0) });
    expect([...emails].every((email) => /^[a-z0-9._]+@(?:example|gmail)\.com$/.test(email))).toBe(true);
  });
});

if (!present) console.log(`tau-bench data not found at ${path}: false-positive test skipped`);
