import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPostgresTestDatabase } from '../../test/helpers/postgres-database.ts';
import { postgresAvailability, usePostgresServer } from '../../test/helpers/real-engines.ts';
import { sampleEntry, temporaryHome } from '../security/audit/audit-test-support.ts';
import { openPostgresAuditLog } from '../security/audit/postgres-audit-log.ts';
import { publicKeyFileName } from '../security/audit/signing-key.ts';
import { openLocalSpool, spoolFileName } from '../store/spool/local-spool.ts';
import { auditCommand } from './audit-command.ts';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await auditCommand(argv), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe.skipIf(postgresAvailability().skip)('sovereign audit verify on the shared Postgres log', () => {
  const server = usePostgresServer();
  afterEach(() => vi.unstubAllEnvs());

  it('verifies the chain two instances wrote, with both keys, and names the first bad record', async () => {
    const database = await openPostgresTestDatabase(server());
    const homes = [temporaryHome(), temporaryHome()];
    try {
      for (const [which, home] of homes.entries()) {
        const spool = openLocalSpool(join(home, spoolFileName));
        const log = openPostgresAuditLog({ home, pool: database.pool, spool, onError: () => undefined });
        for (let index = 0; index < 10; index += 1) await log.record(sampleEntry(which * 100 + index));
        await log.close();
        spool.close();
      }
      vi.stubEnv('SOVEREIGN_DATABASE_URL', database.url);
      const keyFiles = homes.map((home) => join(home, publicKeyFileName));

      const both = await run(['verify', '--home', homes[0]!, '--public-key', keyFiles[0]!, '--public-key', keyFiles[1]!]);
      expect(both.stderr).toBe('');
      expect(both.code).toBe(0);
      expect(both.stdout).toMatch(/^ok: 20 records, \d+ checkpoints, keys [0-9a-f]{16}, [0-9a-f]{16} \(Postgres postgres:\/\/sovereign@127\.0\.0\.1:\d+\/test_/);

      // Only the home's own key: the other instance's checkpoints are not trusted, and that is said.
      const one = await run(['verify', '--home', homes[0]!]);
      expect(one.code).toBe(1);
      expect(one.stdout).toMatch(/^FAILED at checkpoint \d+: .*signed by key [0-9a-f]{16}, not by [0-9a-f]{16}/);

      await database.pool.query(`UPDATE audit_records SET record = replace(record, '"status":', '"status" :') WHERE seq = 13`);
      const tampered = await run(['verify', '--home', homes[0]!, '--public-key', keyFiles[0]!, '--public-key', keyFiles[1]!]);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toBe('FAILED at record 13: the record is not in canonical form (edited by hand)\n');

      vi.stubEnv('SOVEREIGN_DATABASE_URL', 'mysql://nope');
      const wrong = await run(['verify', '--home', homes[0]!]);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('SOVEREIGN_DATABASE_URL: must be a postgres:// or postgresql:// URL');
    } finally {
      for (const home of homes) rmSync(home, { recursive: true, force: true });
      await database.close();
    }
  });
});
