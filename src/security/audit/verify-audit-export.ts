import { StringDecoder } from 'node:string_decoder';
import type { CheckpointRow } from './audit-store.ts';
import { canonicalJson } from './canonical-json.ts';
import { createAuditVerifier, type AuditVerification, type AuditVerificationFailure } from './verify-audit-log.ts';
import { verifyInclusion, type InclusionProof } from './verify-inclusion.ts';

const hexHash = /^[0-9a-f]{64}$/;

/**
 * Checks an exported log (`exportAuditLog`: plain JSON Lines, or the chunks of an opened sealed bundle) with nothing
 * but the public keys: the header, every record's sequence and chain hash, every checkpoint's tree head, chain head
 * and ML-DSA-65 signature (the same checks as `verifyAuditLog`), and every record's inclusion proof against the
 * checkpoint the header names. Streams: one line at a time, whatever the chunking.
 */
export function verifyAuditExport(chunks: Iterable<Uint8Array | string>, publicKeys: readonly Uint8Array[]): AuditVerification {
  const decoder = new StringDecoder('utf8');
  const checkpoints: CheckpointRow[] = [];
  let header: { treeSize: number } | undefined;
  let verifier: ReturnType<typeof createAuditVerifier> | undefined;
  let failure: AuditVerificationFailure | undefined;
  let lineNumber = 0;
  let rest = '';
  const lineFailure = (reason: string, kind: 'record' | 'checkpoint' = 'record', position = lineNumber): AuditVerificationFailure => ({ ok: false, kind, position, reason: `line ${lineNumber}: ${reason}` });

  const take = (line: string): AuditVerificationFailure | undefined => {
    lineNumber++;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return lineFailure('not valid JSON');
    }
    if (value === null || typeof value !== 'object') return lineFailure('not a JSON object');
    if (header === undefined) {
      if (value.type !== 'header' || value.format !== 'sovereign-audit-export/v1' || !Number.isSafeInteger(value.treeSize)) return lineFailure('the export does not start with a sovereign-audit-export/v1 header');
      header = { treeSize: value.treeSize as number };
      return undefined;
    }
    if (value.type === 'checkpoint') {
      if (verifier) return lineFailure('a checkpoint after the records (moved)', 'checkpoint');
      const { seq, treeSize, root, head, time, keyId, signature } = value;
      if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(treeSize) || typeof root !== 'string' || typeof head !== 'string' || typeof time !== 'string' || typeof keyId !== 'string' || typeof signature !== 'string') {
        return lineFailure('a checkpoint line lacks seq, treeSize, root, head, time, keyId or signature', 'checkpoint');
      }
      checkpoints.push({ seq: seq as number, treeSize: treeSize as number, root, head, time, keyId, signature: Buffer.from(signature, 'base64') });
      return undefined;
    }
    if (value.type !== 'record') return lineFailure(`unknown line type ${JSON.stringify(value.type)}`);
    if (verifier === undefined) {
      const mismatch = headerMismatch();
      if (mismatch) return mismatch;
      verifier = createAuditVerifier(checkpoints, publicKeys);
    }
    if (typeof value.hash !== 'string' || !Number.isSafeInteger(value.seq)) return lineFailure('a record line lacks seq or hash');
    let canonical: string;
    try {
      canonical = canonicalJson(value.record);
    } catch {
      return lineFailure('the record cannot be put in canonical form');
    }
    const found = verifier.add({ seq: value.seq as number, record: canonical, hash: value.hash });
    if (found) return found;
    return checkProof(value.seq as number, canonical, value.proof);
  };

  const headerMismatch = (): AuditVerificationFailure | undefined => {
    const latest = checkpoints[checkpoints.length - 1];
    if ((latest?.treeSize ?? 0) === header!.treeSize) return undefined;
    return lineFailure(`the header names tree size ${header!.treeSize}, the last checkpoint ${latest?.treeSize ?? 0} (a checkpoint removed or added)`, 'checkpoint', latest?.seq ?? 0);
  };

  const checkProof = (seq: number, canonical: string, proof: unknown): AuditVerificationFailure | undefined => {
    const root = checkpoints[checkpoints.length - 1]?.root;
    if (seq > header!.treeSize) return proof === null ? undefined : lineFailure(`record ${seq} is after the last checkpoint but carries a proof`, 'record', seq);
    const candidate = proof as InclusionProof | null;
    const valid =
      root !== undefined &&
      hexHash.test(root) &&
      candidate !== null &&
      typeof candidate === 'object' &&
      candidate.leafIndex === seq - 1 &&
      candidate.treeSize === header!.treeSize &&
      Array.isArray(candidate.path) &&
      candidate.path.every((node) => typeof node === 'string' && hexHash.test(node)) &&
      verifyInclusion(canonical, candidate, root);
    return valid ? undefined : lineFailure(`the inclusion proof of record ${seq} does not lead to the root of checkpoint ${checkpoints.length}`, 'record', seq);
  };

  for (const chunk of chunks) {
    if (failure) break;
    rest += typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    let newline = rest.indexOf('\n');
    let start = 0;
    while (newline >= 0 && !failure) {
      const line = rest.slice(start, newline);
      if (line !== '') failure = take(line);
      start = newline + 1;
      newline = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  }
  if (failure) return failure;
  rest += decoder.end();
  if (rest.trim() !== '') failure = take(rest);
  if (failure) return failure;
  if (header === undefined) return { ok: false, kind: 'record', position: 0, reason: 'the export is empty' };
  return verifier === undefined ? (headerMismatch() ?? createAuditVerifier(checkpoints, publicKeys).finish()) : verifier.finish();
}
