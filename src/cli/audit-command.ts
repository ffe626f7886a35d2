import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { auditDatabaseFileName, exportAuditLog, verifyAuditLog, type AuditVerification } from '../security/audit/audit-log.ts';
import { resolveStoreUrls } from '../server/config/store-urls.ts';
import { openLocalSpool, spoolFileName } from '../store/spool/local-spool.ts';
import { publicKeyFile, publicKeyFileName, readPublicKeyFile, signingKeyFileName } from '../security/audit/signing-key.ts';
import { isSealedBundle, openSealedBundle, SealedBundleError } from '../security/audit/sealed-audit-bundle.ts';
import { verifyAuditExport } from '../security/audit/verify-audit-export.ts';
import { loadStorageKeyring, storageKeysVariable } from '../security/envelope/load-storage-keyring.ts';
import { parseStoragePublicKey, type StorageKeyring, type StoragePublicKey } from '../security/envelope/storage-keyring.ts';

const usage = `Usage: sovereign audit <command> [options]

Commands:
  verify       Check the audit log: chain, sequence, Merkle roots and checkpoint signatures;
               with --bundle FILE, an exported file (plain or sealed) instead, inclusion proofs too
  export       Write the log as JSON Lines with an inclusion proof per record (--seal: a sealed bundle)
  open         Write a sealed bundle's JSON Lines to --out, verifying it on the way (--bundle FILE)
  public-key   Print the public key that verifies checkpoints

Options:
  --home DIR          state directory (default: SOVEREIGN_HOME or ./.sovereign)
  --public-key FILE   verify: a public key to trust (default: <home>/${publicKeyFileName}; keep a copy elsewhere);
                      repeat it for the shared log, where each instance signs with its own key
  --out FILE          export, open: the file to write (mode 0600)
  --seal              export: seal the file in post-quantum envelopes (ML-KEM-768 + X25519, AES-256-GCM, chunks of
                      1 MiB) for the storage keyring's current key (<home>/storage-keys.json or ${storageKeysVariable})
  --recipient FILE    export: seal for this storage public key instead (sovereign keys storage-public-key; implies --seal)
  --bundle FILE       verify, open: the exported file
  --storage-keys FILE verify, open: the keyring that opens a sealed bundle (default: <home>/storage-keys.json or
                      ${storageKeysVariable})

With SOVEREIGN_DATABASE_URL set, verify checks the log every instance shares in Postgres (one chain), and says
how many records this home's spool still holds for it.

Exit codes: 0 ok, 1 the log or bundle failed verification or could not be opened (altered, wrong key), 2 usage or
missing files.`;

/** `sovereign audit verify | export | public-key`; returns the exit code. */
export async function auditCommand(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let values: { home?: string; 'public-key'?: string[]; out?: string; seal?: boolean; recipient?: string; bundle?: string; 'storage-keys'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        home: { type: 'string' },
        'public-key': { type: 'string', multiple: true },
        out: { type: 'string' },
        seal: { type: 'boolean' },
        recipient: { type: 'string' },
        bundle: { type: 'string' },
        'storage-keys': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`);
  }
  if (values.help || command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return command === undefined ? 2 : 0;
  }
  const home = values.home ?? process.env.SOVEREIGN_HOME ?? './.sovereign';
  const dbFile = join(home, auditDatabaseFileName);
  let postgresUrl: string | undefined;
  try {
    postgresUrl = resolveStoreUrls(undefined, process.env).postgres;
  } catch (error) {
    return fail((error as Error).message);
  }
  const keyFiles = values['public-key'] ?? [join(home, publicKeyFileName)];
  if ((command === 'verify' && values.bundle !== undefined) || command === 'open') {
    if (values.bundle === undefined) return fail(`sovereign audit open: --bundle FILE is required`);
    if (command === 'open' && values.out === undefined) return fail(`sovereign audit open: --out FILE is required`);
    return verifyBundle(values.bundle, { home, keyFiles, keyBesideLog: values['public-key'] === undefined, storageKeys: values['storage-keys'], ...(command === 'open' ? { out: values.out! } : {}) });
  }
  switch (command) {
    case 'verify':
      if (postgresUrl) return verifyShared(postgresUrl, home, keyFiles, values['public-key'] === undefined);
      return verify(dbFile, keyFiles, values['public-key'] === undefined);
    case 'export': {
      if (postgresUrl) return fail('sovereign audit export: exporting the shared Postgres log is not supported yet (verify is); unset SOVEREIGN_DATABASE_URL to export a local log');
      if (!values.out) return fail(`sovereign audit export: --out FILE is required`);
      if (!existsSync(dbFile)) return fail(`sovereign audit: no audit log at ${dbFile}`);
      let sealFor: StoragePublicKey | undefined;
      if (values.seal || values.recipient !== undefined) {
        try {
          sealFor = values.recipient !== undefined ? readRecipient(values.recipient) : loadStorageKeyring(join(home, 'storage-keys.json'), process.env).current;
        } catch (error) {
          return fail(`sovereign audit export: ${(error as Error).message}`);
        }
      }
      const summary = exportAuditLog({ dbFile, out: values.out, ...(sealFor ? { sealFor } : {}) });
      const sealed = sealFor ? ` (sealed for storage key ${sealFor.id}; open with sovereign audit verify --bundle or open)` : '';
      process.stdout.write(`wrote ${values.out}${sealed}: ${summary.records} records, ${summary.checkpoints} checkpoints, proofs against tree size ${summary.treeSize}\n`);
      return 0;
    }
    case 'public-key':
      return printPublicKey(home);
    default:
      return fail(`sovereign audit: unknown command "${command}"\n\n${usage}`);
  }
}

function readRecipient(file: string): StoragePublicKey {
  if (!existsSync(file)) throw new Error(`no storage public key at ${file}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  return parseStoragePublicKey(value, file);
}

/** The keyring that opens a sealed bundle: `--storage-keys FILE`, else the environment, else the home's file; never created. */
function readStorageKeyring(home: string, file: string | undefined): StorageKeyring | string {
  const source = file ?? join(home, 'storage-keys.json');
  const env = file === undefined ? process.env : {};
  if (!env[storageKeysVariable] && !existsSync(source)) return `sovereign audit: no storage keyring at ${source} to open a sealed bundle (pass --storage-keys FILE)`;
  try {
    return loadStorageKeyring(source, env);
  } catch (error) {
    return `sovereign audit: ${(error as Error).message}`;
  }
}

/** The bytes of a plain export, 1 MiB at a time. */
function* readChunks(file: string): Generator<Buffer> {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (let count = readSync(descriptor, buffer); count > 0; count = readSync(descriptor, buffer)) yield Buffer.from(buffer.subarray(0, count));
  } finally {
    closeSync(descriptor);
  }
}

/**
 * `verify --bundle FILE` and `open --bundle FILE --out FILE`: opens a sealed bundle with the storage keyring (a plain
 * export as it is) and runs every check of the export on the opened lines: chain, checkpoints and their ML-DSA-65
 * signatures, inclusion proofs. A bundle that does not open (altered, truncated, another key) is exit 1, naming the
 * file and the reason; `open` writes the lines only when all of them verify (it removes a partial file).
 */
function verifyBundle(file: string, options: { home: string; keyFiles: readonly string[]; keyBesideLog: boolean; storageKeys: string | undefined; out?: string }): number {
  if (!existsSync(file)) return fail(`sovereign audit: no bundle at ${file}`);
  const keys = readTrustedKeys(options.keyFiles);
  if (typeof keys === 'string') return fail(keys);
  const sealed = isSealedBundle(file);
  let chunks: Iterable<Buffer>;
  if (sealed) {
    const keyring = readStorageKeyring(options.home, options.storageKeys);
    if (typeof keyring === 'string') return fail(keyring);
    chunks = openSealedBundle(file, keyring);
  } else {
    chunks = readChunks(file);
  }
  const output = options.out === undefined ? undefined : openSync(options.out, 'w', 0o600);
  const copied = output === undefined ? chunks : copyTo(chunks, output);
  let result: AuditVerification;
  try {
    result = verifyAuditExport(copied, keys);
  } catch (error) {
    if (!(error instanceof SealedBundleError)) throw error;
    if (output !== undefined) {
      closeSync(output);
      rmSync(options.out!, { force: true });
    }
    process.stderr.write(`sovereign audit: cannot open sealed bundle ${file}: ${error.message}\n`);
    return 1;
  }
  if (output !== undefined) {
    closeSync(output);
    if (result.ok) process.stdout.write(`wrote ${options.out} (${sealed ? 'opened from a sealed bundle' : 'a plain export'}, verified)\n`);
    else rmSync(options.out!, { force: true });
  }
  return report(result, keys, options.keyBesideLog, `${sealed ? 'sealed bundle' : 'export'} ${file}`);
}

/** Passes chunks through, writing each to `descriptor` as it goes. */
function* copyTo(chunks: Iterable<Buffer>, descriptor: number): Generator<Buffer> {
  for (const chunk of chunks) {
    writeSync(descriptor, chunk);
    yield chunk;
  }
}

function readTrustedKeys(keyFiles: readonly string[]): Uint8Array[] | string {
  const keys: Uint8Array[] = [];
  for (const file of keyFiles) {
    if (!existsSync(file)) return `sovereign audit: no public key at ${file} (pass --public-key FILE)`;
    keys.push(readPublicKeyFile(file));
  }
  return keys;
}

function verify(dbFile: string, keyFiles: readonly string[], keyBesideLog: boolean): number {
  if (!existsSync(dbFile)) return fail(`sovereign audit: no audit log at ${dbFile}`);
  const keys = readTrustedKeys(keyFiles);
  if (typeof keys === 'string') return fail(keys);
  const [publicKey, ...trustedKeys] = keys;
  return report(verifyAuditLog({ dbFile, publicKey: publicKey!, trustedKeys }), keys, keyBesideLog);
}

async function verifyShared(url: string, home: string, keyFiles: readonly string[], keyBesideLog: boolean): Promise<number> {
  const keys = readTrustedKeys(keyFiles);
  if (typeof keys === 'string') return fail(keys);
  const [{ auditSpoolTopic }, { verifyPostgresAuditLog }, { createPostgresPool, redactPostgresUrl }] = await Promise.all([
    import('../security/audit/postgres-audit-log.ts'),
    import('../security/audit/verify-postgres-audit-log.ts'),
    import('../store/postgres/postgres-pool.ts'),
  ]);
  const pool = createPostgresPool(url, { max: 2, onError: () => undefined });
  try {
    const result = await verifyPostgresAuditLog({ pool, publicKeys: keys });
    const code = report(result, keys, keyBesideLog, `Postgres ${redactPostgresUrl(url)}`);
    const spoolFile = join(home, spoolFileName);
    if (existsSync(spoolFile)) {
      const spool = openLocalSpool(spoolFile);
      const waiting = spool.count(auditSpoolTopic);
      spool.close();
      if (waiting > 0) process.stdout.write(`  ${waiting} records of this instance wait in ${spoolFile} (appended when the gateway next reaches Postgres)\n`);
    }
    return code;
  } catch (error) {
    return fail(`sovereign audit: cannot read the shared log at ${redactPostgresUrl(url)}: ${(error as Error).message}`);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

function report(result: AuditVerification, keys: readonly Uint8Array[], keyBesideLog: boolean, where?: string): number {
  if (!result.ok) {
    process.stdout.write(`FAILED at ${result.kind} ${result.position}: ${result.reason}\n`);
    return 1;
  }
  const last = result.lastCheckpoint;
  process.stdout.write(
    [
      `ok: ${result.records} records, ${result.checkpoints} checkpoints, ${keys.length === 1 ? 'key' : 'keys'} ${keys.map((key) => publicKeyFile(key).keyId).join(', ')}${where ? ` (${where})` : ''}`,
      last ? `  last checkpoint: #${last.seq}, size ${last.treeSize}, root ${last.root}, ${last.time}` : '  no checkpoint yet',
      `  unsigned tail: ${result.unsignedTail} records after the last checkpoint (chain-valid)`,
      ...(keyBesideLog ? [`  note: verified with the public key stored beside the log; pass --public-key with a copy kept elsewhere`] : []),
      '',
    ].join('\n'),
  );
  return 0;
}

function printPublicKey(home: string): number {
  const publicFile = join(home, publicKeyFileName);
  if (existsSync(publicFile)) {
    process.stdout.write(`${JSON.stringify(publicKeyFile(readPublicKeyFile(publicFile)), null, 2)}\n`);
    return 0;
  }
  const secretFile = join(home, signingKeyFileName);
  if (!existsSync(secretFile)) return fail(`sovereign audit: no audit key in ${home} (it is created when the gateway first starts)`);
  const { seed } = JSON.parse(readFileSync(secretFile, 'utf8')) as { seed: string };
  process.stdout.write(`${JSON.stringify(publicKeyFile(ml_dsa65.keygen(Buffer.from(seed, 'base64')).publicKey), null, 2)}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
