import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AuditLog, AuditLogStats, AuditVerification } from '../../security/audit/audit-log.ts';
import { exportAuditLog } from '../../security/audit/audit-log.ts';
import { openAuditStore } from '../../security/audit/audit-store.ts';
import { createAuditVerifier } from '../../security/audit/verify-audit-log.ts';

/** A signed checkpoint as the dashboard lists it (the signature itself is in the export). */
export interface CheckpointSummary {
  seq: number;
  treeSize: number;
  root: string;
  head: string;
  time: string;
  keyId: string;
}

export interface AuditView {
  summary(limit: number): { keyId: string; publicKey: string; stats: AuditLogStats; checkpoints: CheckpointSummary[] };
  /** Verifies the whole log with the public key; one verification at a time (callers share a running one). */
  verify(): Promise<AuditVerification & { durationMs: number }>;
  /** The export (JSON lines with inclusion proofs) as a stream; the temporary file is removed once read. */
  exportStream(): { stream: ReadableStream<Uint8Array>; treeSize: number };
}

/**
 * The audit log as the dashboard reads it, from a read-only connection beside the writer (WAL): the latest
 * checkpoints, a verification that yields to the event loop every few thousand records so the gateway keeps
 * serving while it runs, and the export `sovereign audit export` writes.
 */
export function createAuditView(auditLog: Pick<AuditLog, 'dbFile' | 'publicKey' | 'keyId' | 'stats'>): AuditView {
  let running: Promise<AuditVerification & { durationMs: number }> | undefined;
  return {
    summary(limit) {
      const store = openAuditStore(auditLog.dbFile, { readonly: true });
      try {
        const rows = store.db
          .prepare<[number], { seq: number; tree_size: number; root: string; head: string; time: string; key_id: string }>(
            'SELECT seq, tree_size, root, head, time, key_id FROM audit_checkpoints ORDER BY seq DESC LIMIT ?',
          )
          .all(limit);
        return {
          keyId: auditLog.keyId,
          publicKey: Buffer.from(auditLog.publicKey).toString('base64'),
          stats: auditLog.stats(),
          checkpoints: rows.map((row) => ({ seq: row.seq, treeSize: row.tree_size, root: row.root, head: row.head, time: row.time, keyId: row.key_id })),
        };
      } finally {
        store.close();
      }
    },
    verify() {
      running ??= (async () => {
        const started = performance.now();
        const store = openAuditStore(auditLog.dbFile, { readonly: true });
        try {
          const verifier = createAuditVerifier(store.checkpoints(), [auditLog.publicKey]);
          let count = 0;
          for (const row of store.recordsAfter(0)) {
            if (verifier.add(row)) break;
            if (++count % 2_000 === 0) await new Promise((resolve) => setImmediate(resolve));
          }
          return { ...verifier.finish(), durationMs: Math.round(performance.now() - started) };
        } finally {
          store.close();
        }
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
    exportStream() {
      const directory = mkdtempSync(join(tmpdir(), 'sovereign-audit-export-'));
      const out = join(directory, 'audit-export.jsonl');
      const cleanup = () => rmSync(directory, { recursive: true, force: true });
      try {
        const summary = exportAuditLog({ dbFile: auditLog.dbFile, out });
        const file = createReadStream(out);
        file.once('close', cleanup);
        return { stream: Readable.toWeb(file) as ReadableStream<Uint8Array>, treeSize: summary.treeSize };
      } catch (error) {
        cleanup();
        throw error;
      }
    },
  };
}
