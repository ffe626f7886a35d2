import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAuditLog, openAuditLog } from './audit-log.ts';
import { sampleEntry, temporaryHome } from './audit-test-support.ts';
import { verifyAuditExport } from './verify-audit-export.ts';

let home: string;
let text: string;
let publicKey: Uint8Array;

beforeAll(async () => {
  home = temporaryHome();
  const log = openAuditLog({ home });
  await Promise.all(Array.from({ length: 9 }, (_, index) => log.append(sampleEntry(index))));
  await log.checkpoint();
  await Promise.all(Array.from({ length: 4 }, (_, index) => log.append(sampleEntry(9 + index))));
  await log.flush();
  const out = join(home, 'export.jsonl');
  exportAuditLog({ dbFile: log.dbFile, out });
  publicKey = log.publicKey;
  await log.close();
  text = readFileSync(out, 'utf8');
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('verifyAuditExport', () => {
  it('accepts the export however it is cut into chunks (even inside a multi-byte character)', () => {
    const bytes = Buffer.from(text, 'utf8');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 20 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, index) => bytes.subarray(points[index]!, end));
        expect(verifyAuditExport(chunks, [publicKey])).toMatchObject({ ok: true, records: 13, checkpoints: 1, unsignedTail: 4 });
      }),
      { numRuns: 30 },
    );
  });

  it('never throws and never accepts a changed character of a record, checkpoint or header line', () => {
    fc.assert(
      fc.property(fc.nat(text.length - 2), fc.constantFrom('0', '1', 'a', 'z', '"', '}', ' ', '\n', 'é'), (position, replacement) => {
        fc.pre(text[position] !== replacement && text[position] !== '\n');
        const altered = `${text.slice(0, position)}${replacement}${text.slice(position + 1)}`;
        const lineStart = text.lastIndexOf('\n', position) + 1;
        const line = text.slice(lineStart, text.indexOf('\n', position));
        const result = verifyAuditExport([altered], [publicKey]);
        // Only what nothing vouches for may change unnoticed: the header's export time and checkpoint number, and a
        // checkpoint's convenience copy of its signed `message` (the signature is checked over the fields).
        const unverified =
          (line.startsWith('{"type":"header"') && position - lineStart > line.indexOf('"checkpoint"')) ||
          (line.startsWith('{"type":"checkpoint"') && position - lineStart > line.indexOf('"message"'));
        if (!unverified) expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/\S/) });
      }),
      { numRuns: 150 },
    );
  });

  it('refuses an empty export, one without its header, and a record with a wrong proof', () => {
    expect(verifyAuditExport([], [publicKey])).toMatchObject({ ok: false, reason: 'the export is empty' });
    expect(verifyAuditExport([text.slice(text.indexOf('\n') + 1)], [publicKey])).toMatchObject({ ok: false, reason: expect.stringContaining('does not start with a sovereign-audit-export/v1 header') });
    const lines = text.trim().split('\n');
    const index = lines.findIndex((line) => line.includes('"seq":3,"record"'));
    const record = JSON.parse(lines[index]!) as { proof: { path: string[] } };
    record.proof.path[0] = record.proof.path[0]!.replace(/^./, (digit) => (digit === '0' ? '1' : '0'));
    lines[index] = JSON.stringify(record);
    expect(verifyAuditExport([lines.join('\n')], [publicKey])).toMatchObject({ ok: false, kind: 'record', position: 3, reason: expect.stringContaining('inclusion proof of record 3') });
  });
});
