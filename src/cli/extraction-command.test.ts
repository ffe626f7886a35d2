import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleExtractionCase } from '../store/extraction-case-repository-contract.ts';
import { openDatabase } from '../store/sqlite/open-database.ts';
import { createSqliteExtractionCaseRepository } from '../store/sqlite/sqlite-extraction-case-repository.ts';
import { extractionCommand } from './extraction-command.ts';
import type { CommandIo } from './keys-command.ts';

describe('sovereign extraction', () => {
  let home: string;
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'sovereign-extraction-'));
    const database = openDatabase(join(home, 'sovereign.db'));
    const repository = createSqliteExtractionCaseRepository(database);
    await repository.put(sampleExtractionCase({ subject: 'key_flagged', action: 'flag', score: 0.55 }));
    await repository.put(sampleExtractionCase({ subject: 'key_blocked', action: 'block', score: 0.98 }));
    await repository.put(sampleExtractionCase({ subject: 'key_old', action: 'none', score: 0 }, { changedBy: 'key_admin' }));
    await repository.put(sampleExtractionCase({ id: 'tenant:globex', kind: 'tenant', subject: 'globex', tenant: 'globex', action: 'throttle', score: 0.81 }));
    database.close();
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
  });

  async function run(...argv: string[]) {
    const io = { stdout: '', stderr: '' };
    const commandIo: CommandIo = { out: (text) => void (io.stdout += text), err: (text) => void (io.stderr += text), env: {} };
    const code = await extractionCommand([...argv, '--home', home], commandIo);
    return { code, ...io };
  }

  it('lists the cases in force, harshest first, with the first reason', async () => {
    const result = await run('list');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CASE\s+TENANT\s+ACTION\s+SCORE\s+SINCE\s+REQUESTS\s+GROUP\s+WHY$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      ['key:key_blocked', 'acme', 'block'],
      ['tenant:globex', 'globex', 'throttle'],
      ['key:key_flagged', 'acme', 'flag'],
    ]);
    expect(lines[1]).toContain('3 keys/2 tenants');
    expect(lines[1]).toContain('92% of prompts share one template');
    expect((await run('list', '--all')).stdout).toContain('key:key_old');
    expect((await run('list', '--tenant', 'globex', '--json')).stdout).toMatch(/"id": "tenant:globex"/);
    expect((await run('list', '--tenant', 'nobody')).stdout).toBe('No extraction cases in force.\n');
  });

  it('shows one case with its reasons, signals, group and hashes; a bare id means a key', async () => {
    const result = await run('show', 'key_blocked');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Case:       key:key_blocked (tenant acme)');
    expect(result.stdout).toMatch(/Action:\s+block since 2023-11-14T22:13:20Z \(by detector\)/);
    expect(result.stdout).toContain('  - 92% of prompts share one template');
    expect(result.stdout).toMatch(/templateRepetition\s+0\.9/);
    expect(result.stdout).toContain('shares:   template with 2, network with 1');
    expect(result.stdout).toContain('template     0123456789abcdef');
    const json = JSON.parse((await run('show', 'tenant:globex', '--json')).stdout) as { action: string; evidence: { reasons: string[] } };
    expect(json.action).toBe('throttle');
    expect(json.evidence.reasons).toHaveLength(2);
  });

  it('files a clear that the list shows as pending until the gateway applies it', async () => {
    const result = await run('clear', 'key:key_blocked', '--exempt-hours', '12');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Clear of key:key_blocked filed as cli:\S+ \(was block; no action for 12 h after\)\./);
    expect((await run('list')).stdout).toMatch(/key:key_blocked\s+acme\s+block \(clear pending\)/);
    const shown = JSON.parse((await run('show', 'key:key_blocked', '--json')).stdout) as { clear_requested: { by: string; exempt_hours: number } };
    expect(shown.clear_requested.exempt_hours).toBe(12);
    expect(shown.clear_requested.by).toMatch(/^cli:/);
  });

  it.each([
    [['clear', 'key:nobody'], 1, /no case "key:nobody"/],
    [['show'], 2, /name a case/],
    [['show', 'user:alice'], 2, /"user:alice" is not a case/],
    [['clear', 'key_blocked', '--exempt-hours=-1'], 2, /--exempt-hours must be a number of hours/],
    [['clear', 'key_blocked', '--exempt-hours', 'soon'], 2, /--exempt-hours must be a number of hours/],
    [['list', '--exempt-hours', '2'], 2, /--exempt-hours goes with clear/],
    [['list', 'extra'], 2, /unexpected argument "extra"/],
    [['purge'], 2, /unknown action "purge"/],
    [['list', '--verbose'], 2, /Unknown option/],
  ])('refuses %j with exit code %i and a clear message', async (argv, code, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
