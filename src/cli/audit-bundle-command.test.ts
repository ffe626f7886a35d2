import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAuditLog } from '../security/audit/audit-log.ts';
import { sampleEntry, temporaryHome } from '../security/audit/audit-test-support.ts';
import { createSealedBundleWriter, openSealedBundle } from '../security/audit/sealed-audit-bundle.ts';
import { loadStorageKeyring } from '../security/envelope/load-storage-keyring.ts';
import { auditCommand } from './audit-command.ts';
import { keysCommand } from './keys-command.ts';

let home: string;
let auditor: string;
const files: string[] = [];

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await auditCommand(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}
const file = (name: string): string => {
  const path = join(home, name);
  files.push(path);
  return path;
};
/** Lines of an export without the header (it carries the export time). */
const body = (text: string): string[] => text.trim().split('\n').slice(1);

beforeAll(async () => {
  home = temporaryHome();
  auditor = temporaryHome();
  const log = openAuditLog({ home });
  await Promise.all(Array.from({ length: 12 }, (_, index) => log.append(sampleEntry(index))));
  await log.close();
  loadStorageKeyring(join(home, 'storage-keys.json'), {});
  loadStorageKeyring(join(auditor, 'storage-keys.json'), {});
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(auditor, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe('sealed audit bundles from the command line', () => {
  it('export --seal writes no plaintext; verify --bundle checks chain, signatures and proofs; open writes the same lines', async () => {
    const plain = file('plain.jsonl');
    const sealed = file('sealed.svb');
    expect((await run(['export', '--home', home, '--out', plain])).code).toBe(0);
    const exported = await run(['export', '--home', home, '--out', sealed, '--seal']);
    expect(exported.code).toBe(0);
    const keyId = loadStorageKeyring(join(home, 'storage-keys.json'), {}).current.id;
    expect(exported.stdout).toContain(`(sealed for storage key ${keyId}`);
    expect(readFileSync(plain, 'utf8')).toContain('mistral-large');
    expect(readFileSync(sealed).toString('latin1')).not.toContain('mistral');
    expect(readFileSync(sealed).toString('latin1')).not.toContain('req_');

    const verified = await run(['verify', '--home', home, '--bundle', sealed]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok: 12 records, 1 checkpoints, key [0-9a-f]{16} \(sealed bundle .*sealed\.svb\)/);
    expect((await run(['verify', '--home', home, '--bundle', plain])).stdout).toMatch(/^ok: 12 records, 1 checkpoints, .*\(export .*plain\.jsonl\)/);

    const opened = file('opened.jsonl');
    const result = await run(['open', '--home', home, '--bundle', sealed, '--out', opened]);
    expect(result.code).toBe(0);
    expect(body(readFileSync(opened, 'utf8'))).toEqual(body(readFileSync(plain, 'utf8')));
  });

  it('a bundle altered and sealed again (anyone with the public key can seal) still fails verification: chain and signatures are checked after opening', async () => {
    const sealed = file('resealed-source.svb');
    await run(['export', '--home', home, '--out', sealed, '--seal']);
    const keyring = loadStorageKeyring(join(home, 'storage-keys.json'), {});
    const text = Buffer.concat([...openSealedBundle(sealed, keyring)]).toString('utf8');
    const reseal = (content: string): string => {
      const target = file(`resealed-${files.length}.svb`);
      const descriptor = openSync(target, 'w', 0o600);
      const writer = createSealedBundleWriter(descriptor, keyring.current);
      writer.write(content);
      writer.end();
      closeSync(descriptor);
      return target;
    };
    const recordChanged = reseal(text.replace('"requestId":"req_6"', '"requestId":"req_X"'));
    const failed = await run(['verify', '--home', home, '--bundle', recordChanged]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAILED at record 7: .*chain hash does not match/);
    const out = file('never-written.jsonl');
    expect((await run(['open', '--home', home, '--bundle', recordChanged, '--out', out])).code).toBe(1);
    expect(existsSync(out)).toBe(false);

    const lines = text.trim().split('\n');
    const checkpointIndex = lines.findIndex((line) => line.includes('"type":"checkpoint"'));
    const checkpoint = JSON.parse(lines[checkpointIndex]!) as { signature: string };
    const signature = Buffer.from(checkpoint.signature, 'base64');
    signature[100]! ^= 1;
    lines[checkpointIndex] = JSON.stringify({ ...checkpoint, signature: signature.toString('base64') });
    const badSignature = await run(['verify', '--home', home, '--bundle', reseal(`${lines.join('\n')}\n`)]);
    expect(badSignature.code).toBe(1);
    expect(badSignature.stdout).toMatch(/FAILED at checkpoint 1: .*the signature is not valid/);

    const dropped = text.trim().split('\n').filter((line) => !line.includes('"seq":12,"record"'));
    const droppedRecord = await run(['verify', '--home', home, '--bundle', reseal(`${dropped.join('\n')}\n`)]);
    expect(droppedRecord.code).toBe(1);
    expect(droppedRecord.stdout).toMatch(/FAILED at record 12: record 12 is missing/);
  });

  it('refuses a tampered bundle and a wrong key with exit 1, naming the file and the reason, no secret printed', async () => {
    const sealed = file('tampered.svb');
    await run(['export', '--home', home, '--out', sealed, '--seal']);
    const bytes = readFileSync(sealed);
    bytes[bytes.length - 30]! ^= 0x20;
    writeFileSync(sealed, bytes);
    const tampered = await run(['verify', '--home', home, '--bundle', sealed]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toBe(`sovereign audit: cannot open sealed bundle ${sealed}: chunk 0: envelope content does not authenticate (altered or truncated)\n`);

    const intact = file('intact.svb');
    await run(['export', '--home', home, '--out', intact, '--seal']);
    const wrongKey = await run(['verify', '--home', home, '--bundle', intact, '--storage-keys', join(auditor, 'storage-keys.json')]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(new RegExp(`cannot open sealed bundle ${intact}: chunk 0: envelope sealed under storage key [0-9a-f]{16}, which is not in the keyring`));
    const auditorSecret = (JSON.parse(readFileSync(join(auditor, 'storage-keys.json'), 'utf8')) as { keys: Array<{ mlKemSeed: string }> }).keys[0]!.mlKemSeed;
    expect(wrongKey.stdout + wrongKey.stderr).not.toContain(auditorSecret.slice(0, 16));
    const noKeyring = await run(['verify', '--home', join(home, 'nowhere'), '--bundle', intact, '--public-key', join(home, 'audit-public-key.json')]);
    expect(noKeyring.code).toBe(2);
    expect(noKeyring.stderr).toContain('no storage keyring at');
    expect((await run(['verify', '--home', home, '--bundle', join(home, 'missing.svb')])).stderr).toContain('no bundle at');
  });

  it('export --recipient seals for another keyring, given only its public key (sovereign keys storage-public-key)', async () => {
    let printed = '';
    const code = await keysCommand(['storage-public-key', '--home', auditor], { out: (text) => void (printed += text), err: () => undefined, env: {} });
    expect(code).toBe(0);
    expect(printed).not.toContain('mlKemSeed');
    const publicKeyFile = file('auditor.pub.json');
    writeFileSync(publicKeyFile, printed);
    const sealed = file('for-auditor.svb');
    const exported = await run(['export', '--home', home, '--out', sealed, '--recipient', publicKeyFile]);
    expect(exported.code).toBe(0);
    expect((await run(['verify', '--home', home, '--bundle', sealed])).code).toBe(1);
    const verified = await run(['verify', '--home', home, '--bundle', sealed, '--storage-keys', join(auditor, 'storage-keys.json')]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok: 12 records/);
    writeFileSync(publicKeyFile, printed.replace(/"id": "[0-9a-f]+"/, '"id": "0000000000000000"'));
    const mismatched = await run(['export', '--home', home, '--out', file('x.svb'), '--recipient', publicKeyFile]);
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toContain('id 0000000000000000 does not match its key material');
  });
});
