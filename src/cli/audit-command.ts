import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { auditDatabaseFileName, exportAuditLog, verifyAuditLog } from '../security/audit/audit-log.ts';
import { publicKeyFile, publicKeyFileName, readPublicKeyFile, signingKeyFileName } from '../security/audit/signing-key.ts';

const usage = `Usage: sovereign audit <command> [options]

Commands:
  verify       Check the audit log: chain, sequence, Merkle roots and checkpoint signatures
  export       Write the log as JSON Lines with an inclusion proof per record
  public-key   Print the public key that verifies checkpoints

Options:
  --home DIR          state directory (default: SOVEREIGN_HOME or ./.sovereign)
  --public-key FILE   verify: the public key to trust (default: <home>/${publicKeyFileName}; keep a copy elsewhere)
  --out FILE          export: the file to write

Exit codes: 0 ok, 1 the log failed verification, 2 usage or missing files.`;

/** `sovereign audit verify | export | public-key`; returns the exit code. */
export async function auditCommand(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let values: { home?: string; 'public-key'?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { home: { type: 'string' }, 'public-key': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  switch (command) {
    case 'verify':
      return verify(dbFile, values['public-key'] ?? join(home, publicKeyFileName), values['public-key'] === undefined);
    case 'export': {
      if (!values.out) return fail(`sovereign audit export: --out FILE is required`);
      if (!existsSync(dbFile)) return fail(`sovereign audit: no audit log at ${dbFile}`);
      const summary = exportAuditLog({ dbFile, out: values.out });
      process.stdout.write(`wrote ${values.out}: ${summary.records} records, ${summary.checkpoints} checkpoints, proofs against tree size ${summary.treeSize}\n`);
      return 0;
    }
    case 'public-key':
      return printPublicKey(home);
    default:
      return fail(`sovereign audit: unknown command "${command}"\n\n${usage}`);
  }
}

function verify(dbFile: string, keyFile: string, keyBesideLog: boolean): number {
  if (!existsSync(dbFile)) return fail(`sovereign audit: no audit log at ${dbFile}`);
  if (!existsSync(keyFile)) return fail(`sovereign audit: no public key at ${keyFile} (pass --public-key FILE)`);
  const publicKey = readPublicKeyFile(keyFile);
  const result = verifyAuditLog({ dbFile, publicKey });
  if (!result.ok) {
    process.stdout.write(`FAILED at ${result.kind} ${result.position}: ${result.reason}\n`);
    return 1;
  }
  const last = result.lastCheckpoint;
  process.stdout.write(
    [
      `ok: ${result.records} records, ${result.checkpoints} checkpoints, key ${publicKeyFile(publicKey).keyId}`,
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
