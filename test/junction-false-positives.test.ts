import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inferToolSchemas } from '../bench/lib/infer-tool-schemas.ts';
import { replayTurns } from '../bench/lib/replay-turns.ts';
import { loadTauTrajectories, tauBenchAirlinePath } from '../bench/lib/tau-bench.ts';
import { profileText } from '../src/core/profile/profile-text.ts';
import { bodyTexts } from '../src/core/profile/request-texts.ts';
import { foundValues } from '../src/core/redaction/found-values.ts';

/**
 * The junction scan (data split over adjacent parts and turns) on real traffic: the last turn of each of the 200
 * tau-bench airline trajectories (which holds every message before it) replayed as the Chat Completions body a client
 * sends (system prompt, history, tool calls and
 * JSON tool results, tool schemas), profiled as the gateway profiles it. The data holds e-mail addresses of fictional
 * users and nothing else we detect (see `false-positives.test.ts`), so reading across junctions must add no finding
 * of another kind, and every address it reads must still be one of theirs.
 */
describe.skipIf(!existsSync(tauBenchAirlinePath))('junction findings on replayed tau-bench requests', () => {
  it('add no finding of a kind the data does not hold, and read only real addresses', () => {
    const trajectories = loadTauTrajectories();
    const last = new Map<string, ReturnType<typeof replayTurns>[number]>();
    for (const turn of replayTurns(trajectories, inferToolSchemas(trajectories), 'gpt-4o')) last.set(`${turn.taskId}-${turn.trial}`, turn);
    const turns = [...last.values()];
    expect(turns.length).toBeGreaterThan(150);
    const kinds = new Map<string, number>();
    const addresses = new Set<string>();
    let junctions = 0;
    for (const turn of turns) {
      const body = JSON.parse(JSON.stringify(turn.body)) as Record<string, unknown>;
      const running: boolean[] = [];
      const texts = bodyTexts(body, { maxJsonDepth: 64 }, running);
      const profile = profileText(texts, {}, {}, running);
      const alone = profileText(texts, {}, {}, texts.map(() => false));
      junctions += profile.findings.length - alone.findings.length;
      for (const finding of profile.findings) kinds.set(finding.kind, (kinds.get(finding.kind) ?? 0) + 1);
      for (const { value } of foundValues(texts, profile.findings)) addresses.add(value);
    }
    console.log(`junction scan over ${turns.length} replayed requests: ${junctions} findings more than text by text;`, Object.fromEntries(kinds));
    expect([...kinds.keys()]).toEqual(['email']);
    expect([...addresses].filter((address) => !/^[a-z0-9._]+@(?:example|gmail)\.com$/.test(address))).toEqual([]);
  }, 120_000);
});
