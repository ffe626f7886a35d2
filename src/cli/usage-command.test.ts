import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntry } from '../store/ledger-repository-contract.ts';
import { openDatabase } from '../store/sqlite/open-database.ts';
import { createSqliteLedgerRepository } from '../store/sqlite/sqlite-ledger-repository.ts';
import type { CommandIo } from './keys-command.ts';
import { usageCommand } from './usage-command.ts';

describe('sovereign usage', () => {
  let home: string;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'sovereign-usage-'));
    const database = openDatabase(join(home, 'sovereign.db'));
    await createSqliteLedgerRepository(database).insertBatch([
      ledgerEntry({ tenant: 'acme', model: 'gpt-4o', costNanoUsd: 1_500_000_000 }),
      ledgerEntry({ tenant: 'acme', model: 'claude', costNanoUsd: 250_000_000, time: Date.UTC(2026, 2, 15, 1) }),
      ledgerEntry({ tenant: 'globex', model: 'gpt-4o', costNanoUsd: 9_000_000_000 }),
    ]);
    database.close();
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  async function usage(...argv: string[]) {
    const io = { stdout: '', stderr: '' };
    const commandIo: CommandIo = { out: (text) => void (io.stdout += text), err: (text) => void (io.stderr += text), env: {} };
    const code = await usageCommand([...argv, '--home', home], commandIo);
    return { code, ...io };
  }

  it('prints a table grouped as asked', async () => {
    const result = await usage('--tenant', 'acme', '--group-by', 'model,day');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^MODEL\s+DAY\s+REQUESTS\s+ERRORS\s+INPUT\s+CACHED\s+OUTPUT\s+COST$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^claude\s+2026-03-15\s+1\s.*\$0\.25$/), expect.stringMatching(/^gpt-4o\s+2026-03-14\s+1\s.*\$1\.50$/)]);
  });

  it('prints JSON, across tenants when none is named', async () => {
    const result = await usage('--group-by', 'tenant', '--json');
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ tenant: 'acme', requests: 2, cost_usd: 1.75 }),
      expect.objectContaining({ tenant: 'globex', requests: 1, cost_usd: 9 }),
    ]);
  });

  it('filters by time and says so when nothing matches', async () => {
    expect((await usage('--tenant', 'acme', '--from', '2026-03-15', '--json')).stdout).toContain('"requests": 1');
    expect((await usage('--tenant', 'nobody')).stdout).toBe('No usage recorded.\n');
  });

  it.each([
    [['--group-by', 'colour'], /group-by/],
    [['--from', 'yesterday'], /from/],
    [['--verbose'], /Unknown option/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const result = await usage(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
