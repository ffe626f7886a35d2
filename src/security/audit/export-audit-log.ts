import { closeSync, openSync, writeSync } from 'node:fs';
import { openAuditStore } from './audit-store.ts';
import { checkpointMessage } from './checkpoint.ts';
import { merkleLeafHash } from './merkle-hash.ts';
import { buildMerkleLevels, merkleInclusionPath } from './merkle-levels.ts';
import type { StoragePublicKey } from '../envelope/storage-keyring.ts';
import { createSealedBundleWriter } from './sealed-audit-bundle.ts';

export interface AuditExportSummary {
  records: number;
  checkpoints: number;
  /** Size of the tree the inclusion proofs lead to (the latest checkpoint's); 0 without a checkpoint. */
  treeSize: number;
}

/**
 * Writes the log as JSON Lines: a header, every checkpoint (with the exact message its signature covers), then
 * every record with its chain hash and its RFC 9162 inclusion proof against the latest checkpoint. Records after
 * that checkpoint are written with `proof: null`. A record's leaf data is `canonicalJson(record)`, so
 * `verifyInclusion(canonicalJson(line.record), line.proof, checkpoint.root)` checks a line on its own.
 * Reads the database twice (leaf hashes, then lines), holding 64 bytes per record in between. With `sealFor`, the
 * file is a sealed bundle (`sealed-audit-bundle.ts`) that only the keyring holding that key opens.
 * @see https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3
 */
export function exportAuditLog(options: { dbFile: string; out: string; sealFor?: StoragePublicKey }): AuditExportSummary {
  const store = openAuditStore(options.dbFile, { readonly: true });
  const descriptor = openSync(options.out, 'w', 0o600);
  try {
    const read = store.db.transaction(() => {
      const checkpoints = store.checkpoints();
      const latest = checkpoints[checkpoints.length - 1];
      const treeSize = latest?.treeSize ?? 0;
      const leaves = Buffer.alloc(treeSize * 32);
      for (const row of store.recordsAfter(0)) {
        if (row.seq > treeSize) break;
        merkleLeafHash(row.record).copy(leaves, (row.seq - 1) * 32);
      }
      const levels = treeSize > 0 ? buildMerkleLevels(leaves) : [];
      const sealed = options.sealFor ? createSealedBundleWriter(descriptor, options.sealFor) : undefined;
      const writer = lineWriter(sealed ? sealed.write : (text) => writeSync(descriptor, text));
      writer.line({ type: 'header', format: 'sovereign-audit-export/v1', treeSize, checkpoint: latest?.seq ?? null, exportedAt: new Date().toISOString() });
      for (const checkpoint of checkpoints) {
        const { frontier: _frontier, signature, ...fields } = checkpoint;
        writer.line({
          type: 'checkpoint',
          ...fields,
          signature: Buffer.from(signature).toString('base64'),
          message: new TextDecoder().decode(checkpointMessage(checkpoint)),
        });
      }
      let records = 0;
      for (const row of store.recordsAfter(0)) {
        records += 1;
        const proof =
          row.seq <= treeSize
            ? { leafIndex: row.seq - 1, treeSize, path: merkleInclusionPath(levels, row.seq - 1).map((node) => node.toString('hex')) }
            : null;
        writer.line({ type: 'record', seq: row.seq, record: JSON.parse(row.record) as unknown, hash: row.hash, proof });
      }
      writer.end();
      sealed?.end();
      return { records, checkpoints: checkpoints.length, treeSize };
    });
    return read();
  } finally {
    closeSync(descriptor);
    store.close();
  }
}

/** Buffers lines and writes them in chunks of about 1 MB. */
function lineWriter(write: (text: string) => void): { line(value: unknown): void; end(): void } {
  let chunk: string[] = [];
  let length = 0;
  const drain = (): void => {
    if (chunk.length > 0) write(chunk.join(''));
    chunk = [];
    length = 0;
  };
  return {
    line(value) {
      const text = `${JSON.stringify(value)}\n`;
      chunk.push(text);
      length += text.length;
      if (length >= 1 << 20) drain();
    },
    end: drain,
  };
}
