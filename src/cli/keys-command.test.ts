import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/sqlite/open-database.ts';
import { createSqliteKeyRepository } from '../store/sqlite/sqlite-key-repository.ts';
import { createVirtualKeyStore } from '../security/keys/virtual-key-store.ts';
import { keysCommand, parseExpiry, type CommandIo } from './keys-command.ts';

function capture(env: Record<string, string | undefined> = {}) {
  const io = { stdout: '', stderr: '' };
  const commandIo: CommandIo = { out: (text) => void (io.stdout += text), err: (text) => void (io.stderr += text), env };
  return { io, commandIo };
}

describe('sovereign keys', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sovereign-cli-'));
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
  });

  async function keys(...argv: string[]) {
    const { io, commandIo } = capture();
    const code = await keysCommand([...argv, '--home', home], commandIo);
    return { code, ...io };
  }

  it('creates a key, prints its secret once, and the secret authenticates against the same file', async () => {
    const created = await keys('create', '--tenant', 'acme', '--name', 'billing', '--scopes', 'chat', '--models', 'gpt-4o*,claude-*', '--budget-usd-month', '20', '--rpm', '60', '--expires', '30d');
    expect(created.code).toBe(0);
    const secret = /sk-sov-[A-Za-z0-9_-]{32}/.exec(created.stdout)?.[0];
    expect(secret).toBeDefined();
    expect(created.stdout).toContain('shown once');
    expect(created.stdout).toMatch(/\$20\.00\/month, 60 rpm/);

    const database = openDatabase(join(home, 'sovereign.db'));
    const store = await createVirtualKeyStore({ repository: createSqliteKeyRepository(database), refreshIntervalMs: 0 });
    expect(store.authenticate(secret!)).toMatchObject({ tenant: 'acme', keyName: 'billing', models: ['gpt-4o*', 'claude-*'], budgets: { usdPerMonth: 20 } });
    store.close();
    database.close();

    const listed = await keys('list');
    expect(listed.stdout).toContain('billing');
    expect(listed.stdout).toContain(secret!.slice(0, 11));
    expect(listed.stdout).not.toContain(secret!);
  });

  it('lists as JSON, revokes, rotates, shows, and never prints a secret outside create and rotate', async () => {
    const created = JSON.parse((await keys('create', '--tenant', 'acme', '--name', 'app', '--json')).stdout) as { id: string; secret: string };
    const other = await keys('create', '--tenant', 'globex', '--name', 'other');
    expect(other.code).toBe(0);

    const acmeOnly = JSON.parse((await keys('list', '--tenant', 'acme', '--json')).stdout) as Array<{ id: string; secret?: string }>;
    expect(acmeOnly.map((key) => key.id)).toEqual([created.id]);
    expect(acmeOnly[0]?.secret).toBeUndefined();

    const rotated = await keys('rotate', created.id, '--grace', '60', '--json');
    const rotatedKey = JSON.parse(rotated.stdout) as { secret: string; previous_secret_valid_until: string | null };
    expect(rotatedKey.secret).not.toBe(created.secret);
    expect(rotatedKey.previous_secret_valid_until).not.toBeNull();

    const shown = await keys('show', created.id);
    const revoked = await keys('revoke', created.id);
    expect(revoked.stdout).toContain('revoked');
    expect((await keys('list')).stdout).not.toContain(created.id);
    expect((await keys('list', '--all')).stdout).toContain(created.id);
    for (const output of [shown.stdout, revoked.stdout, (await keys('list', '--all', '--json')).stdout]) {
      expect(output).not.toContain(created.secret);
      expect(output).not.toContain(rotatedKey.secret);
    }
  });

  it.each([
    [['create', '--tenant', 'acme'], /needs --tenant and --name/],
    [['create', '--tenant', 'acme', '--name', 'x', '--rpm', 'fast'], /--rpm must be a number/],
    [['create', '--tenant', 'acme', '--name', 'x', '--scopes', 'root'], /scopes/],
    [['create', '--tenant', 'acme', '--name', 'x', '--expires', 'soon'], /--expires/],
    [['revoke'], /needs a key id/],
    [['explode'], /unknown subcommand/],
    [['list', '--colour'], /Unknown option/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const result = await keys(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('answers 1 for an unknown key id', async () => {
    const result = await keys('revoke', 'key_missing');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no key "key_missing"');
  });

  it('uses SOVEREIGN_HOME when --home is absent', async () => {
    const { io, commandIo } = capture({ SOVEREIGN_HOME: home });
    expect(await keysCommand(['create', '--tenant', 'acme', '--name', 'env'], commandIo)).toBe(0);
    expect((await keys('list')).stdout).toContain('env');
    expect(io.stdout).toContain('sk-sov-');
  });

  it.each([
    ['30d', 30 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['45m', 45 * 60_000],
  ])('reads the expiry %s relative to now', (text, offset) => {
    expect(parseExpiry(text, 1_000)).toBe(1_000 + offset);
  });

  it('reads an absolute expiry as UTC', () => {
    expect(parseExpiry('2027-01-01', 0)).toBe(Date.UTC(2027, 0, 1));
    expect(parseExpiry('2027-01-01T12:00:00+02:00', 0)).toBe(Date.UTC(2027, 0, 1, 10));
  });
});
