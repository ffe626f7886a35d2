import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { auditDatabaseFileName, verifyAuditLog, type AuditVerification } from '../security/audit/audit-log.ts';
import { keyIdOf, publicKeyFileName, readPublicKeyFile, readSigningKey, signingKeyFileName } from '../security/audit/signing-key.ts';
import type { DoctorCheck } from './doctor-check.ts';

/** The audit checks' findings: the report lines and the public keys a chain check may trust. */
export interface SigningKeyFinding {
  check: DoctorCheck;
  /** The signing key's public key and the stored public key file's, when readable (deduplicated). */
  publicKeys: Uint8Array[];
}

/**
 * Checks the audit signing key in the state directory, changing nothing: its file mode, that its public key belongs
 * to its seed, and that the public key file beside it (what verifiers are given) is the same key.
 */
export function checkSigningKey(home: string): SigningKeyFinding {
  const name = 'audit signing key';
  const file = join(home, signingKeyFileName);
  const publicFile = join(home, publicKeyFileName);
  const stored = existsSync(publicFile) ? readPublicKeyOrError(publicFile) : undefined;
  if (!existsSync(file)) {
    const logExists = existsSync(join(home, auditDatabaseFileName));
    return {
      check: logExists
        ? { name, ok: false, message: `${file} is missing, but an audit log exists`, fix: 'restore the signing key from your backup; a new key cannot sign on from the old checkpoints' }
        : { name, ok: true, message: `not created yet (${file} is made at first start)` },
      publicKeys: stored instanceof Uint8Array ? [stored] : [],
    };
  }
  let publicKey: Uint8Array;
  try {
    publicKey = readSigningKey(file).publicKey;
  } catch (error) {
    const message = error instanceof SyntaxError ? `${file} is not valid JSON` : (error as Error).message;
    return { check: { name, ok: false, message, fix: 'restore the key file from your backup (mode 600)' }, publicKeys: stored instanceof Uint8Array ? [stored] : [] };
  }
  if (stored instanceof Error) return { check: { name, ok: false, message: stored.message, fix: `remove ${publicFile}: the gateway writes it again from the signing key` }, publicKeys: [publicKey] };
  if (stored && Buffer.compare(Buffer.from(stored), Buffer.from(publicKey)) !== 0) {
    return {
      check: { name, ok: false, message: `${publicFile} holds key ${keyIdOf(stored)}, not the signing key ${keyIdOf(publicKey)}`, fix: `find out who replaced ${publicFile}; remove it and the gateway writes the right one at start` },
      publicKeys: [publicKey, stored],
    };
  }
  return { check: { name, ok: true, message: `ML-DSA-65 key ${keyIdOf(publicKey)}, mode 600, matches ${publicKeyFileName}` }, publicKeys: [publicKey] };
}

function readPublicKeyOrError(file: string): Uint8Array | Error {
  try {
    return readPublicKeyFile(file);
  } catch (error) {
    return error instanceof SyntaxError ? new Error(`${file} is not valid JSON`) : (error as Error);
  }
}

/** The report line of a verification: counts and the last checkpoint, or where and why the chain breaks. */
export function auditChainCheck(result: AuditVerification, where: string): DoctorCheck {
  const name = 'audit chain';
  if (!result.ok) {
    return {
      name,
      ok: false,
      message: `${where}: broken at ${result.kind} ${result.position}: ${result.reason}`,
      fix: 'the log changed after it was written: keep a copy of the state directory as evidence, compare with your last export (sovereign audit export), and find who could write to it',
    };
  }
  const last = result.lastCheckpoint ? `last checkpoint #${result.lastCheckpoint.seq} at ${result.lastCheckpoint.time}` : 'no checkpoint yet';
  return { name, ok: true, message: `${where}: ${result.records} records, ${result.checkpoints} checkpoints verified, ${last}, ${result.unsignedTail} records after it` };
}

/** Verifies the local audit log (`<home>/audit.db`) with the given public keys. */
export function checkLocalAuditChain(home: string, publicKeys: readonly Uint8Array[]): DoctorCheck {
  const file = join(home, auditDatabaseFileName);
  if (!existsSync(file)) return { name: 'audit chain', ok: true, message: `no audit log yet (${file} is made at first start)` };
  const [publicKey, ...trustedKeys] = publicKeys;
  if (!publicKey) return { name: 'audit chain', ok: false, message: `${file}: no public key to verify it with`, fix: `restore ${signingKeyFileName} or ${publicKeyFileName} from your backup` };
  try {
    return auditChainCheck(verifyAuditLog({ dbFile: file, publicKey, trustedKeys }), file);
  } catch (error) {
    return { name: 'audit chain', ok: false, message: `${file}: cannot be read (${(error as Error).message})`, fix: 'restore the audit database from your backup' };
  }
}
