import { readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAuditLog } from '../security/audit/audit-log.ts';
import { sampleEntry, temporaryHome } from '../security/audit/audit-test-support.ts';
import { auditCommand } from './audit-command.ts';

let home: string;
let keyId: string;

beforeAll(async () => {
  home = temporaryHome();
  const log = openAuditLog({ home });
  await Promise.all(Array.from({ length: 12 }, (_, index) => log.append(sampleEntry(index))));
  keyId = log.keyId;
  await log.close();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await auditCommand(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('sovereign audit', () => {
  it('verify: exit 0 and a summary', async () => {
    const result = await run(['verify', '--home', home]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`ok: 12 records, 1 checkpoints, key ${keyId}`));
    expect(result.stdout).toContain('unsigned tail: 0');
  });

  it('verify: exit 1 naming the first bad position', async () => {
    const copy = temporaryHome();
    try {
      const source = new Database(join(home, 'audit.db'), { readonly: true });
      await source.backup(join(copy, 'audit.db'));
      source.close();
      const keyFile = join(home, 'audit-public-key.json');
      const db = new Database(join(copy, 'audit.db'));
      db.prepare("UPDATE audit_records SET record = json_set(record, '$.provider', 'us-east') WHERE seq = 7").run();
      db.close();
      const result = await run(['verify', '--home', copy, '--public-key', keyFile]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAILED at record 7: /);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('export: writes JSON Lines', async () => {
    const out = join(home, 'out.jsonl');
    const result = await run(['export', '--home', home, '--out', out]);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1 + 1 + 12);
    unlinkSync(out);
  });

  it('public-key: prints the key and its id', async () => {
    const result = await run(['public-key', '--home', home]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ algorithm: 'ML-DSA-65', keyId });
  });

  it.each([[['export', '--home', 'x']], [['verify', '--home', '/nonexistent']], [['frobnicate']]])('%j: exit 2', async (argv) => {
    expect((await run(argv)).code).toBe(2);
  });
});
