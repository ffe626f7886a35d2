import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, exportAuditLog, openAuditLog, verifyInclusion, type InclusionProof } from './audit-log.ts';
import { sampleEntry, temporaryHome } from './audit-test-support.ts';
import { checkpointSignatureContext } from './checkpoint.ts';

interface RecordLine {
  type: 'record';
  seq: number;
  record: Record<string, unknown>;
  hash: string;
  proof: InclusionProof | null;
}
interface CheckpointLine {
  type: 'checkpoint';
  seq: number;
  treeSize: number;
  root: string;
  signature: string;
  message: string;
}

let home: string;
let lines: Array<{ type: string } & Record<string, unknown>>;
let publicKey: Uint8Array;
let summary: ReturnType<typeof exportAuditLog>;

beforeAll(async () => {
  home = temporaryHome();
  const log = openAuditLog({ home });
  await Promise.all(Array.from({ length: 13 }, (_, index) => log.append(sampleEntry(index))));
  await log.checkpoint();
  await Promise.all(Array.from({ length: 24 }, (_, index) => log.append(sampleEntry(13 + index))));
  await log.checkpoint();
  await log.append(sampleEntry(37));
  await log.flush();
  // Exported while the log is open: the last record is not yet under a checkpoint.
  const out = join(home, 'export.jsonl');
  summary = exportAuditLog({ dbFile: log.dbFile, out });
  publicKey = log.publicKey;
  await log.close();
  lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string });
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('exportAuditLog', () => {
  it('writes a header, every checkpoint and every record', () => {
    expect(summary).toEqual({ records: 38, checkpoints: 2, treeSize: 37 });
    expect(lines[0]).toMatchObject({ type: 'header', format: 'sovereign-audit-export/v1', treeSize: 37, checkpoint: 2 });
    expect(lines.filter((line) => line.type === 'checkpoint')).toHaveLength(2);
    expect(lines.filter((line) => line.type === 'record')).toHaveLength(38);
  });

  it('each checkpoint line carries the message its signature covers', () => {
    for (const line of lines.filter((item) => item.type === 'checkpoint') as unknown as CheckpointLine[]) {
      const valid = ml_dsa65.verify(Buffer.from(line.signature, 'base64'), new TextEncoder().encode(line.message), publicKey, { context: checkpointSignatureContext });
      expect(valid).toBe(true);
      expect(line.message).toContain(`root ${line.root}\n`);
    }
  });

  it('every record under the latest checkpoint proves its inclusion on its own; the newer one has no proof', () => {
    const latest = lines.filter((line) => line.type === 'checkpoint').at(-1) as unknown as CheckpointLine;
    const records = lines.filter((line) => line.type === 'record') as unknown as RecordLine[];
    for (const line of records.slice(0, 37)) {
      expect(line.proof).not.toBeNull();
      expect(verifyInclusion(canonicalJson(line.record), line.proof!, latest.root)).toBe(true);
    }
    expect(records[37]!.proof).toBeNull();
  });

  it('an altered record no longer proves its inclusion', () => {
    const latest = lines.filter((line) => line.type === 'checkpoint').at(-1) as unknown as CheckpointLine;
    const line = lines.find((item) => item.type === 'record' && item.seq === 20) as unknown as RecordLine;
    expect(verifyInclusion(canonicalJson({ ...line.record, jurisdiction: 'US' }), line.proof!, latest.root)).toBe(false);
    expect(verifyInclusion(canonicalJson(line.record), { ...line.proof!, leafIndex: 20 }, latest.root)).toBe(false);
  });
});
