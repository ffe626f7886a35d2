import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractionCase } from '../security/extraction/extraction-case.ts';
import type { ExtractionCaseRepository, ExtractionCaseWrite } from './extraction-case-repository.ts';
import type { RepositoryFixture } from './key-repository-contract.ts';

export function sampleExtractionCase(overrides: Partial<ExtractionCase> = {}, write: Partial<Omit<ExtractionCaseWrite, 'case'>> = {}): ExtractionCaseWrite {
  const found: ExtractionCase = {
    id: 'key:key_a',
    kind: 'key',
    subject: 'key_a',
    tenant: 'acme',
    action: 'throttle',
    score: 0.83,
    since: 1_700_000_000_000,
    updatedAt: 1_700_000_060_000,
    evidence: {
      score: 0.83,
      ownScore: 0.61,
      requests: 412,
      features: { templateRepetition: 0.9, area: 'math' },
      reasons: ['92% of prompts share one template', 'Größe – 東京 \u2028'],
      cluster: { id: 'key_a', keys: 3, tenants: 2, score: 0.83, sample: ['key_a', 'key_b', 'key_c'], shared: { template: 2, network: 1, userAgent: 0, system: 0, toolset: 0 } },
      hashes: { template: '0123456789abcdef', networks: ['fedcba9876543210'], userAgents: [], systems: [] },
    },
    ...overrides,
    ...(overrides.id === undefined && overrides.subject !== undefined ? { id: `${overrides.kind ?? 'key'}:${overrides.subject}` } : {}),
  };
  return { case: found, changedBy: 'detector', exemptUntil: 0, instance: 'inst_1', ...write };
}

/** The behaviour every `ExtractionCaseRepository` backend must have. */
export function describeExtractionCaseRepositoryContract(backend: string, open: () => Promise<RepositoryFixture<ExtractionCaseRepository>>): void {
  describe(`ExtractionCaseRepository contract (${backend})`, () => {
    let fixture: RepositoryFixture<ExtractionCaseRepository>;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('returns what was stored, field for field, and replaces it on the next put', async () => {
      const stored = sampleExtractionCase();
      const first = await fixture.repository.put(stored);
      expect(await fixture.repository.get('key:key_a')).toEqual({ ...stored, revision: first });
      const cleared = sampleExtractionCase({ action: 'none', score: 0, evidence: { ...stored.case.evidence, reasons: [] } }, { changedBy: 'key_admin', exemptUntil: 1_700_086_400_000 });
      const second = await fixture.repository.put(cleared);
      expect(second).toBeGreaterThan(first);
      expect(await fixture.repository.get('key:key_a')).toEqual({ ...cleared, revision: second });
      expect(await fixture.repository.get('key:nobody')).toBeUndefined();
    });

    it('keeps a case without a tenant (a network) without inventing one', async () => {
      const network = sampleExtractionCase({ id: 'network:abcd', kind: 'network', subject: 'abcd', tenant: undefined, action: 'flag' });
      delete network.case.tenant;
      await fixture.repository.put(network);
      const found = await fixture.repository.get('network:abcd');
      expect(found?.case.tenant).toBeUndefined();
      expect(found?.case.kind).toBe('network');
    });

    it('lists the harshest cases first', async () => {
      await fixture.repository.put(sampleExtractionCase({ subject: 'a', action: 'flag' }));
      await fixture.repository.put(sampleExtractionCase({ subject: 'b', action: 'block' }));
      await fixture.repository.put(sampleExtractionCase({ subject: 'c', action: 'none' }));
      await fixture.repository.put(sampleExtractionCase({ subject: 'd', action: 'review' }));
      expect((await fixture.repository.list()).map((stored) => stored.case.id)).toEqual(['key:b', 'key:d', 'key:a', 'key:c']);
    });

    it('reads the changes after a revision in order, each write counting once', async () => {
      const start = await fixture.repository.put(sampleExtractionCase({ subject: 'a' }));
      await fixture.repository.put(sampleExtractionCase({ subject: 'b' }));
      await fixture.repository.put(sampleExtractionCase({ subject: 'a', action: 'block' }));
      const changes = await fixture.repository.changedSince(start);
      expect(changes.map((stored) => [stored.case.id, stored.case.action])).toEqual([
        ['key:b', 'throttle'],
        ['key:a', 'block'],
      ]);
      expect(await fixture.repository.changedSince(changes.at(-1)!.revision)).toEqual([]);
      expect(await fixture.repository.changedSince(0, 1)).toHaveLength(1);
    });

    it('files a clear request that a later put keeps, until it is settled', async () => {
      await fixture.repository.put(sampleExtractionCase());
      expect(await fixture.repository.requestClear('key:nobody', { by: 'cli:ops', exemptHours: 0, at: 1 })).toBe(false);
      const before = (await fixture.repository.get('key:key_a'))!.revision;
      expect(await fixture.repository.requestClear('key:key_a', { by: 'cli:ops', exemptHours: 24, at: 1_700_000_100_000 })).toBe(true);
      const requested = (await fixture.repository.get('key:key_a'))!;
      expect(requested.clearRequest).toEqual({ by: 'cli:ops', exemptHours: 24, at: 1_700_000_100_000 });
      expect(requested.revision).toBeGreaterThan(before);
      // The detector writing the case again (it escalated meanwhile) does not lose the request.
      await fixture.repository.put(sampleExtractionCase({ action: 'block' }));
      expect((await fixture.repository.get('key:key_a'))!.clearRequest?.by).toBe('cli:ops');
      await fixture.repository.settleClear('key:key_a');
      const settled = (await fixture.repository.get('key:key_a'))!;
      expect(settled.clearRequest).toBeUndefined();
      expect((await fixture.repository.changedSince(requested.revision)).map((stored) => stored.case.id)).toEqual(['key:key_a']);
    });
  });
}
