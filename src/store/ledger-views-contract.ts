import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepositoryFixture } from './key-repository-contract.ts';
import { ledgerEntry } from './ledger-repository-contract.ts';
import type { LedgerEntry, LedgerRepository } from './ledger-repository.ts';
import type { LedgerViews } from './ledger-views.ts';

const hour = 3_600_000;
const start = Date.UTC(2026, 2, 14, 0, 0, 0);

/** A ledger and its views over one database. */
export interface LedgerViewsFixture extends RepositoryFixture<LedgerViews> {
  ledger: LedgerRepository;
}

/** A deterministic spread of entries over three days: tenants, keys, providers, refusals, cache hits, savings. */
function sampleEntries(): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  let seed = 7;
  const next = (limit: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % limit;
  };
  for (let index = 0; index < 400; index++) {
    const refused = next(10) === 0;
    const provider = ['de-local', 'us-cloud', 'fr-cloud'][next(3)]!;
    entries.push(
      ledgerEntry({
        time: start + next(3 * 24 * 60) * 60_000 + next(60_000),
        requestId: `req_${index}`,
        tenant: ['acme', 'globex'][next(2)]!,
        keyId: `key_${next(4)}`,
        model: ['small', 'large'][next(2)]!,
        ...(refused ? { provider: undefined, jurisdiction: undefined, outcome: 'error' as const, status: 403, errorCode: 'policy_denied', refusedBy: next(2) === 0 ? ['p-one'] : ['p-one', 'p-two'], costNanoUsd: 0 } : { provider, jurisdiction: provider.slice(0, 2).toUpperCase(), tier: provider.endsWith('local') ? 'local' : 'cloud', costNanoUsd: next(5000) }),
        classification: 'UNCLASSIFIED',
        dataKinds: next(5) === 0 ? ['email'] : [],
        cacheStatus: next(6) === 0 ? 'hit' : 'miss',
        saved: { cache: next(100), promptCache: next(50), compression: next(20), cascade: 0 },
        latencyMs: next(900),
      }),
    );
  }
  return entries;
}

/** The behaviour every `LedgerViews` backend must have: rollups that agree with the ledger, to the minute. */
export function describeLedgerViewsContract(backend: string, open: () => Promise<LedgerViewsFixture>): void {
  describe(`LedgerViews contract (${backend})`, () => {
    let fixture: LedgerViewsFixture;
    const entries = sampleEntries();
    beforeAll(async () => {
      fixture = await open();
      // In several batches, as the ledger's group commit writes them.
      for (let index = 0; index < entries.length; index += 97) await fixture.ledger.insertBatch(entries.slice(index, index + 97));
    });
    afterAll(async () => {
      await fixture.close();
    });

    /** What a window holds, computed from the entries themselves (minute-rounded like the views). */
    const inWindow = (from: number, to: number, tenant?: string) => {
      const first = Math.floor(from / 60_000) * 60_000;
      const last = Math.ceil(to / 60_000) * 60_000;
      return entries.filter((entry) => entry.time >= first && entry.time < last && (tenant === undefined || entry.tenant === tenant));
    };

    it('breaks a window down by any dimension with the totals the ledger holds, for any window', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 3 * 24 * 60 }),
          fc.integer({ min: 1, max: 3 * 24 * 60 }),
          fc.integer({ min: 0, max: 59_999 }),
          fc.constantFrom(undefined, 'acme'),
          async (startMinute, minutes, jitter, tenant) => {
            const from = start + startMinute * 60_000 + jitter;
            const to = from + minutes * 60_000;
            const expected = inWindow(from, to, tenant);
            const rows = await fixture.repository.breakdown({ from, to, by: 'jurisdiction', ...(tenant ? { tenant } : {}) });
            const total = (pick: (entry: LedgerEntry) => number) => expected.reduce((sum, entry) => sum + pick(entry), 0);
            expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBe(expected.length);
            expect(rows.reduce((sum, row) => sum + row.costNanoUsd, 0)).toBe(total((entry) => entry.costNanoUsd));
            expect(rows.reduce((sum, row) => sum + row.refusals, 0)).toBe(total((entry) => (entry.refusedBy ? 1 : 0)));
            expect(rows.reduce((sum, row) => sum + row.cacheHits, 0)).toBe(total((entry) => (entry.cacheStatus === 'hit' ? 1 : 0)));
            expect(rows.reduce((sum, row) => sum + row.saved.cache, 0)).toBe(total((entry) => entry.saved?.cache ?? 0));
            const germany = rows.find((row) => row.group === 'DE');
            expect(germany?.requests ?? 0).toBe(expected.filter((entry) => entry.jurisdiction === 'DE').length);
          },
        ),
        { numRuns: 40 },
      );
    });

    it('orders a breakdown by cost, and reports a refusal without provider under ""', async () => {
      const rows = await fixture.repository.breakdown({ from: start, to: start + 3 * 24 * hour, by: 'provider' });
      expect(rows.map((row) => row.costNanoUsd)).toEqual([...rows.map((row) => row.costNanoUsd)].sort((a, b) => b - a));
      expect(rows.find((row) => row.group === '')?.refusals).toBe(entries.filter((entry) => entry.refusedBy).length);
    });

    it('gives a series per bucket, from minutes or whole hours, summing to the window', async () => {
      for (const bucketMs of [15 * 60_000, hour, 6 * hour]) {
        const from = start + 90 * 60_000;
        const to = start + 2 * 24 * hour + 17 * 60_000;
        const points = await fixture.repository.series({ from, to, bucketMs, by: 'tier' });
        for (const point of points) expect(point.bucket % bucketMs).toBe(0);
        const first = Math.floor(from / bucketMs) * bucketMs;
        const expected = inWindow(first, to);
        expect(points.reduce((sum, point) => sum + point.requests, 0)).toBe(expected.length);
        const cloud = points.filter((point) => point.group === 'cloud').reduce((sum, point) => sum + point.requests, 0);
        expect(cloud).toBe(expected.filter((entry) => entry.tier === 'cloud').length);
      }
      await expect(fixture.repository.series({ from: start, to: start + hour, bucketMs: 1_000 })).rejects.toThrow(/minutes/);
    });

    it('counts refusals under every policy named', async () => {
      const counts = await fixture.repository.refusalsByPolicy({ from: start, to: start + 3 * 24 * hour, tenant: 'acme' });
      const refused = entries.filter((entry) => entry.tenant === 'acme' && entry.refusedBy);
      expect(counts).toEqual(
        [
          { policy: 'p-one', requests: refused.length },
          { policy: 'p-two', requests: refused.filter((entry) => entry.refusedBy!.includes('p-two')).length },
        ].filter((count) => count.requests > 0),
      );
    });

    it('pages the ledger newest first, without gaps or repeats, per tenant and for refusals', async () => {
      const seen: string[] = [];
      let before;
      for (let pages = 0; pages < 100; pages++) {
        const page = await fixture.repository.page({ tenant: 'globex', limit: 37, ...(before ? { before } : {}) });
        seen.push(...page.records.map((record) => record.requestId));
        for (const record of page.records) expect(record.tenant).toBe('globex');
        if (!page.next) break;
        before = page.next;
      }
      const expected = entries
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry }) => entry.tenant === 'globex')
        .sort((a, b) => b.entry.time - a.entry.time || b.index - a.index)
        .map(({ entry }) => entry.requestId);
      expect(seen).toEqual(expected);
      const refusals = await fixture.repository.page({ refusalsOnly: true, limit: 500 });
      expect(refusals.records).toHaveLength(entries.filter((entry) => entry.refusedBy).length);
      expect(refusals.next).toBeUndefined();
      const example = refusals.records[0]!;
      expect(example.refusedBy[0]).toBe('p-one');
      expect(example.classification).toBe('UNCLASSIFIED');
      expect(example.errorCode).toBe('policy_denied');
    });
  });
}
