import { api, currentSession } from '../api.ts';
import { h, replace, table } from '../dom.ts';
import { count, time } from '../format.ts';
import { failure, type View } from './view.ts';

interface Checkpoint {
  seq: number;
  treeSize: number;
  root: string;
  time: string;
  keyId: string;
}

interface AuditSummary {
  keyId: string;
  publicKey: string;
  stats: { records: number; checkpoints: number; unsigned: number; queued: number; lastCheckpointAt?: string };
  checkpoints: Checkpoint[];
}

type Verification =
  | { ok: true; records: number; checkpoints: number; unsignedTail: number; durationMs: number }
  | { ok: false; position: number; kind: string; reason: string; durationMs: number };

/** The audit log: its latest signed checkpoints, a verification of the whole chain and every signature, the export. */
export const auditView: View = async (root) => {
  let summary: AuditSummary;
  try {
    summary = await api<AuditSummary>('/audit');
  } catch (error) {
    replace(root, h('h2', {}, 'Audit log'), failure(error));
    return;
  }
  const result = h('p', { 'data-testid': 'verify-result', role: 'status' });
  const verify: HTMLButtonElement = h('button', {
    type: 'button',
    'data-testid': 'verify',
    onclick: async () => {
      verify.disabled = true;
      result.className = '';
      result.textContent = 'Verifying every record and signature…';
      try {
        const outcome = await api<Verification>('/audit/verify', { method: 'POST' });
        result.className = outcome.ok ? 'verdict ok' : 'verdict refused';
        result.textContent = outcome.ok
          ? `Intact: ${count(outcome.records)} records, ${count(outcome.checkpoints)} signed checkpoints, ${count(outcome.unsignedTail)} records since the last one (${outcome.durationMs} ms).`
          : `Broken at ${outcome.kind} ${outcome.position}: ${outcome.reason}`;
      } catch (error) {
        result.replaceChildren(failure(error));
      } finally {
        verify.disabled = false;
      }
    },
  }, 'Verify the audit log');
  replace(
    root,
    h('h2', {}, 'Audit log'),
    h('p', {}, `${count(summary.stats.records)} records, ${count(summary.stats.checkpoints)} checkpoints signed with ML-DSA-65 key ${summary.keyId}; ${count(summary.stats.unsigned)} records not yet under a checkpoint.`),
    h('div', { class: 'controls' }, verify, currentSession()?.operator ? h('a', { href: '/ui/api/audit/export', download: '', class: 'button', 'data-testid': 'export' }, 'Export with inclusion proofs') : null),
    result,
    h('h3', {}, 'Latest checkpoints'),
    table<Checkpoint>(
      [
        { title: '#', cell: (row) => row.seq, numeric: true },
        { title: 'Records', cell: (row) => count(row.treeSize), numeric: true },
        { title: 'Tree head', cell: (row) => h('code', {}, `${row.root.slice(0, 16)}…`) },
        { title: 'Signed', cell: (row) => time(row.time) },
        { title: 'Key', cell: (row) => row.keyId },
      ],
      summary.checkpoints,
    ),
  );
};
