import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExtractionDetector } from '../../../src/security/extraction/extraction-detector.ts';
import type { ExtractionChange } from '../../../src/security/extraction/extraction-case.ts';
import { fingerprintChat } from '../../../src/security/extraction/extraction-event.ts';
import { extractionSettingsSchema } from '../../../src/security/extraction/extraction-settings.ts';
import { createKeyedHasher } from '../../../src/security/extraction/keyed-hash.ts';
import { loadTuningSources, type BenignSources } from './benign-sources.ts';
import { reasoningRubricPrompt } from './campaign-text.ts';
import { evaluateDetector } from './evaluate-detector.ts';
import { buildWorkload, campaignKinds } from './extraction-workload.ts';
import { createDraws } from './random-draws.ts';

const hasher = createKeyedHasher(randomBytes(32));
const settings = extractionSettingsSchema.parse({ enabled: true });
let sources: BenignSources;
beforeAll(() => {
  sources = loadTuningSources();
});

const chat = (text: string, system?: string, tools: readonly string[] = []) =>
  fingerprintChat(
    {
      model: 'frontier-1',
      stream: false,
      messages: [...(system === undefined ? [] : [{ role: 'system' as const, content: [{ type: 'text' as const, text: system }] }]), { role: 'user', content: [{ type: 'text', text }] }],
      ...(tools.length === 0 ? {} : { tools: tools.map((name) => ({ name, inputSchema: { type: 'object' } })) }),
    },
    hasher,
  );

describe('extraction detector on real traffic', () => {
  it('leaves a busy airline agent replaying every tau-bench conversation alone', () => {
    const changes: ExtractionChange[] = [];
    const detector = createExtractionDetector({ settings, hasher, startedAt: 0, onChange: (change) => changes.push(change) });
    let time = 0;
    let requests = 0;
    for (const conversation of sources.conversations) {
      for (const turn of conversation.turns) {
        time += turn.after === 'tool' ? 1_500 : 20_000;
        requests++;
        detector.ingest({ time, tenant: 'airline', keyId: 'agent', network: '198.51.100.0/24', userAgent: 'OpenAI/Python 1.54.3', model: 'frontier-1', status: 200, refused: false, inputTokens: Math.round(turn.inputChars / 4), outputTokens: turn.outputTokens, ...chat(turn.userText, sources.agentSystemPrompt, sources.agentTools), depth: turn.depth });
      }
    }
    expect(requests).toBeGreaterThan(2_000);
    expect(changes).toEqual([]);
    expect(detector.case('key:agent')!.score).toBeLessThan(0.5);
  });

  it('flags a key eliciting step-by-step reasoning and rubric grading, explains why and keeps no prompt text', () => {
    const changes: ExtractionChange[] = [];
    const detector = createExtractionDetector({ settings, hasher, startedAt: 0, onChange: (change) => changes.push(change) });
    const draws = createDraws(18);
    const prompts: string[] = [];
    for (let index = 0; index < 200; index++) {
      const prompt = reasoningRubricPrompt(draws, sources.math);
      prompts.push(prompt);
      detector.ingest({ time: index * 120_000, tenant: 'reseller', keyId: 'campaign', model: 'frontier-1', status: 200, refused: false, inputTokens: 150, outputTokens: 700, ...chat(prompt) });
    }
    const flagged = changes.find((change) => change.case.id === 'key:campaign' && change.to !== 'none');
    expect(flagged).toBeDefined();
    const found = detector.case('key:campaign')!;
    expect(found.score).toBeGreaterThanOrEqual(0.5);
    expect(found.evidence.reasons.join(' ')).toMatch(/reasoning|grading|template/);
    const serialised = JSON.stringify(found);
    for (const prompt of prompts.slice(0, 20)) expect(serialised).not.toContain(prompt.slice(0, 40));
  });

  it('detects every campaign kind in a mixed workload and flags no normal principal', () => {
    const workload = buildWorkload({ sources, hasher, normal: 60, campaignsPerKind: 1, days: 1.5, seed: 7 });
    const run = evaluateDetector(workload, hasher);
    const campaigns = run.outcomes.filter((outcome) => outcome.campaign);
    expect(campaigns.map((outcome) => outcome.kind).sort()).toEqual([...campaignKinds].sort());
    expect(campaigns.filter((outcome) => !outcome.detected).map((outcome) => outcome.id)).toEqual([]);
    expect(run.outcomes.filter((outcome) => !outcome.campaign && outcome.detected).map((outcome) => outcome.id)).toEqual([]);
    expect(run.outcomes.filter((outcome) => outcome.kind === 'agent-app').length).toBeGreaterThan(0);
  }, 120_000);
});
