import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalSpool, type LocalSpool, type SpoolRow } from './local-spool.ts';
import { createSpoolShipper } from './spool-shipper.ts';

describe('the local spool and its shipper', () => {
  let directory: string;
  let spool: LocalSpool;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sovereign-spool-'));
    spool = openLocalSpool(join(directory, 'spool.db'));
  });
  afterEach(() => {
    spool.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps topics apart and never reuses an origin, even after the newest items were shipped and the file reopened', () => {
    const first = spool.append('audit', ['a', 'b']);
    spool.append('ledger', ['x']);
    expect(spool.peek('audit', 10).map((row) => row.payload)).toEqual(['a', 'b']);
    expect(spool.count('ledger')).toBe(1);
    spool.remove('audit', first);
    expect(spool.has('audit')).toBe(false);
    const id = spool.id;
    spool.close();
    spool = openLocalSpool(join(directory, 'spool.db'));
    expect(spool.id).toBe(id);
    const [next] = spool.append('audit', ['c']);
    expect(next).toBeGreaterThan(Math.max(...first));
    expect(spool.origin({ id: next!, payload: 'c' })).toBe(`${id}:${next}`);
  });

  it('delivers in order, deletes only what was delivered, and retries with backoff while delivery fails', async () => {
    const delivered: string[] = [];
    let failuresLeft = 3;
    const failures: Error[] = [];
    let recovered = 0;
    const shipper = createSpoolShipper({
      spool,
      topic: 'audit',
      batchSize: 4,
      minRetryMs: 5,
      deliver: async (rows: readonly SpoolRow[]) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('database down');
        }
        delivered.push(...rows.map((row) => row.payload));
      },
      onFailure: (error) => failures.push(error),
      onRecovery: () => (recovered += 1),
    });
    spool.append('audit', Array.from({ length: 10 }, (_, index) => `r${index}`));
    shipper.kick();
    expect(await shipper.drain(2_000)).toBe(true);
    spool.append('audit', ['r10']);
    shipper.kick();
    expect(await shipper.drain(2_000)).toBe(true);
    expect(delivered).toEqual(Array.from({ length: 11 }, (_, index) => `r${index}`));
    expect(failures).toHaveLength(1);
    expect(recovered).toBe(1);
    expect(shipper.status()).toEqual({ pending: 0, failing: false, delivered: 11 });
    shipper.close();
  });

  it('reports a drain that times out, keeps every item, and says since when it fails', async () => {
    const shipper = createSpoolShipper({ spool, topic: 'ledger', minRetryMs: 5, maxRetryMs: 20, deliver: () => Promise.reject(new Error('ECONNREFUSED')), now: () => 42 });
    spool.append('ledger', ['a', 'b', 'c']);
    shipper.kick();
    expect(await shipper.drain(100)).toBe(false);
    expect(shipper.status()).toEqual({ pending: 3, failing: true, lastError: 'ECONNREFUSED', failingSince: 42, delivered: 0 });
    shipper.close();
    expect(spool.count('ledger')).toBe(3);
  });
});
