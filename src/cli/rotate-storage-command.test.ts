import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test/helpers/start-test-gateway.ts';
import { sealedField } from '../server/responses/seal-response-repository.ts';
import { envelopeKeyId } from '../security/envelope/envelope.ts';
import { keysCommand, type CommandIo } from './keys-command.ts';

async function keys(home: string, env: Record<string, string | undefined>, ...argv: string[]) {
  const captured = { stdout: '', stderr: '' };
  const io: CommandIo = { out: (text) => void (captured.stdout += text), err: (text) => void (captured.stderr += text), env };
  const code = await keysCommand([...argv, '--home', home], io);
  return { code, ...captured };
}

/** Every stored response's envelope, by id, straight from the database. */
function envelopes(home: string): Map<string, Buffer> {
  const database = new Database(join(home, 'sovereign.db'), { readonly: true });
  try {
    const rows = database.prepare<[], { id: string; response: string }>('SELECT id, response FROM stored_responses').all();
    return new Map(rows.map((row) => [row.id, Buffer.from((JSON.parse(row.response) as Record<string, string>)[sealedField]!, 'base64')]));
  } finally {
    database.close();
  }
}

function commonSuffix(first: Buffer, second: Buffer): number {
  let length = 0;
  while (length < first.length && length < second.length && first[first.length - 1 - length] === second[second.length - 1 - length]) length++;
  return length;
}

describe('sovereign keys rotate-storage', () => {
  let harness: TestGateway;
  let openai: OpenAI;
  const ids: string[] = [];

  beforeAll(async () => {
    harness = await startTestGateway();
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    for (let turn = 0; turn < 5; turn++) ids.push((await openai.responses.create({ model: 'gpt-4o-mini', input: `Plan number ${turn}` })).id);
  });
  afterAll(() => harness.close());

  it('rotates the key and re-wraps every stored response without re-encrypting it, while the gateway runs', async () => {
    const before = envelopes(harness.home);
    const firstKey = envelopeKeyId(before.get(ids[0]!)!);
    const originals = await Promise.all(ids.map((id) => openai.responses.retrieve(id)));

    const rotated = await keys(harness.home, {}, 'rotate-storage', '--json');
    expect(rotated.code).toBe(0);
    const report = JSON.parse(rotated.stdout) as { keyId: string; keys: number; rows: number; rewrapped: number; failed: unknown[] };
    expect(report).toMatchObject({ keys: 2, rows: ids.length, rewrapped: ids.length, failed: [] });
    expect(report.keyId).not.toBe(firstKey);
    expect(rotated.stderr).toContain(`New current storage key ${report.keyId}`);
    expect(rotated.stderr).toMatch(/stored responses: 5 read, 5 re-wrapped/);

    const file = JSON.parse(readFileSync(join(harness.home, 'storage-keys.json'), 'utf8')) as { current: string; keys: Array<{ id: string }> };
    expect(file.current).toBe(report.keyId);
    expect(file.keys.map((key) => key.id)).toEqual([firstKey, report.keyId]);

    const after = envelopes(harness.home);
    for (const id of ids) {
      const old = before.get(id)!;
      const rewrapped = after.get(id)!;
      expect(envelopeKeyId(rewrapped)).toBe(report.keyId);
      // Only the wrapped data key changed: the encrypted content (the envelope's tail) is byte for byte the same.
      expect(rewrapped.length).toBe(old.length);
      expect(commonSuffix(old, rewrapped)).toBeGreaterThan(old.length / 2);
      expect(rewrapped.equals(old)).toBe(false);
    }
    // The running gateway loads the new key when it meets it, and still reads every answer.
    for (const [index, id] of ids.entries()) expect((await openai.responses.retrieve(id)).output).toEqual(originals[index]!.output);
    const next = await openai.responses.create({ model: 'gpt-4o-mini', input: 'After the rotation', previous_response_id: ids[4]! });
    expect(envelopeKeyId(envelopes(harness.home).get(next.id)!)).toBe(report.keyId);
  });

  it('names a row it cannot re-wrap (altered), exits 1, and never prints content', async () => {
    const database = new Database(join(harness.home, 'sovereign.db'));
    const row = database.prepare<[string], { response: string }>('SELECT response FROM stored_responses WHERE id = ?').get(ids[1]!)!;
    const envelope = Buffer.from((JSON.parse(row.response) as Record<string, string>)[sealedField]!, 'base64');
    envelope[40] = envelope[40]! ^ 0xff;
    database.prepare('UPDATE stored_responses SET response = ? WHERE id = ?').run(JSON.stringify({ [sealedField]: envelope.toString('base64') }), ids[1]!);
    database.close();
    const rotated = await keys(harness.home, {}, 'rotate-storage');
    expect(rotated.code).toBe(1);
    expect(rotated.stdout).toContain(`${ids.length} re-wrapped`);
    expect(rotated.stdout).toMatch(new RegExp(`failed: default/${ids[1]}: `));
    expect(rotated.stdout).not.toContain('Plan number');
  });

  it('refuses keys that come from the environment, and a missing keyring', async () => {
    const fromEnvironment = await keys(harness.home, { SOVEREIGN_STORAGE_KEYS: '{}' }, 'rotate-storage');
    expect(fromEnvironment.code).toBe(1);
    expect(fromEnvironment.stderr).toContain('the storage keys come from SOVEREIGN_STORAGE_KEYS');
    const empty = await keys(join(harness.home, 'nowhere'), {}, 'rotate-storage');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no storage keyring at');
  });
});
