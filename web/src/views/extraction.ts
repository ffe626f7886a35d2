import { api, ApiError, currentSession } from '../api.ts';
import { h, replace, table } from '../dom.ts';
import { count, time } from '../format.ts';
import { failure, type View } from './view.ts';

/** An extraction case as `GET /admin/extraction` answers it: features, hashes and explanations, never prompt text. */
interface ExtractionCaseView {
  id: string;
  kind: 'key' | 'tenant' | 'network';
  subject: string;
  tenant?: string;
  action: string;
  score: number;
  since: number;
  updatedAt: number;
  exemptUntil?: number;
  evidence: {
    score: number;
    ownScore: number;
    requests: number;
    features: Record<string, number | string>;
    reasons: string[];
    cluster?: { id: string; keys: number; tenants: number; score: number; sample: string[]; shared: Record<string, number | undefined> };
    hashes: { template?: string; networks: string[]; userAgents: string[]; systems: string[] };
  };
}

interface ClusterView {
  id: string;
  keys: string[];
  tenants: number;
  score: number;
  reasons: string[];
}

const score = (value: number) => value.toFixed(3);
const caseUrl = (id: string) => `/admin/extraction/${encodeURIComponent(id)}`;

/** The evidence of one case: its reasons, signals, group and hashes, with the clear action. */
function caseDetail(found: ExtractionCaseView, cleared: () => Promise<void>): HTMLElement {
  const evidence = found.evidence;
  const exemptHours = h('input', { type: 'number', min: 0, max: 8760, step: 1, value: 0, 'data-testid': 'exempt-hours' });
  const problem = h('div', {});
  const clear: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: 'danger',
      'data-testid': 'case-clear',
      onclick: async () => {
        clear.disabled = true;
        replace(problem);
        try {
          await api(`${caseUrl(found.id)}/clear`, { method: 'POST', body: { exempt_hours: Number(exemptHours.value || 0) } });
          await cleared();
        } catch (error) {
          replace(problem, failure(error));
          clear.disabled = false;
        }
      },
    },
    'Clear the case',
  );
  const cluster = evidence.cluster;
  const shared = cluster
    ? Object.entries(cluster.shared)
        .filter(([, value]) => (value ?? 0) > 0)
        .map(([kind, value]) => `${kind} with ${value}`)
        .join(', ') || '–'
    : '';
  const hashes: Array<[string, string[]]> = [
    ['template', evidence.hashes.template === undefined ? [] : [evidence.hashes.template]],
    ['networks', evidence.hashes.networks],
    ['user agents', evidence.hashes.userAgents],
    ['system prompts', evidence.hashes.systems],
  ];
  return h(
    'section',
    { class: 'case-detail', 'data-testid': 'case-detail', 'data-case-id': found.id },
    h('h3', {}, `${found.id}: ${found.action}, score ${score(found.score)}`),
    h(
      'p',
      {},
      `${found.tenant === undefined ? '' : `Tenant ${found.tenant} · `}own score ${score(evidence.ownScore)} · ${count(evidence.requests)} requests seen · since ${time(found.since)}`,
      found.exemptUntil === undefined ? '' : ` · exempt until ${time(found.exemptUntil)}`,
    ),
    h('h4', {}, 'Why'),
    h('ul', { 'data-testid': 'case-reasons' }, evidence.reasons.length === 0 ? h('li', {}, 'No reasons recorded.') : evidence.reasons.map((reason) => h('li', {}, reason))),
    cluster
      ? [
          h('h4', {}, 'Coordinated group'),
          h('p', { 'data-testid': 'case-cluster' }, `${cluster.id}: ${count(cluster.keys)} keys over ${count(cluster.tenants)} tenants, group score ${score(cluster.score)}; shares ${shared}`),
          h('p', { class: 'hint' }, `Keys: ${cluster.sample.join(' ')}${cluster.keys > cluster.sample.length ? ' …' : ''}`),
        ]
      : null,
    h('h4', {}, 'Signals'),
    table<[string, number | string]>(
      [
        { title: 'Signal', cell: ([name]) => name },
        { title: 'Value', cell: ([, value]) => String(value), numeric: true },
      ],
      Object.entries(evidence.features),
    ),
    h('h4', {}, 'Evidence hashes (HMAC-SHA-256 under the gateway key)'),
    h('dl', { class: 'hashes' }, hashes.flatMap(([name, values]) => [h('dt', {}, name), h('dd', {}, values.length === 0 ? '–' : values.map((value) => h('code', {}, value, ' ')))])),
    found.action === 'none'
      ? null
      : h('div', { class: 'controls' }, h('label', {}, 'Exempt for hours ', exemptHours), clear, h('span', { class: 'hint' }, 'The clear is recorded in the signed audit log with your key id.')),
    problem,
  );
}

/**
 * The extraction (distillation) guard: cases in force, harshest first, each with its score, group and reasons; a
 * case's evidence (signals, group, keyed hashes; never prompt text) and the administrator's clear, which the
 * gateway applies, stores and audits like `sovereign extraction clear`. The operator also sees the groups of
 * coordinated keys.
 */
export const extractionView: View = async (root) => {
  const listing = h('div', { 'data-testid': 'case-list' });
  const detail = h('div', {});
  const groups = h('div', {});
  const open = async (id: string) => {
    try {
      const found = await api<ExtractionCaseView>(caseUrl(id));
      replace(detail, caseDetail(found, async () => (replace(detail, h('p', { role: 'status', 'data-testid': 'case-cleared' }, `Cleared ${id}.`)), await refresh())));
    } catch (error) {
      replace(detail, failure(error));
    }
  };
  const refresh = async () => {
    let answer: { data: ExtractionCaseView[]; clusters: ClusterView[] };
    try {
      answer = await api<{ data: ExtractionCaseView[]; clusters: ClusterView[] }>('/admin/extraction');
    } catch (error) {
      replace(listing, failure(error instanceof ApiError && error.status === 404 ? 'The extraction guard is not enabled (extraction.enabled in the configuration).' : error));
      return;
    }
    replace(
      listing,
      answer.data.length === 0
        ? h('p', { 'data-testid': 'no-cases' }, 'No extraction cases in force.')
        : table<ExtractionCaseView>(
            [
              { title: 'Case', cell: (row) => h('a', { href: '#/extraction', onclick: (event: Event) => (event.preventDefault(), void open(row.id)) }, row.id) },
              { title: 'Tenant', cell: (row) => row.tenant ?? '–' },
              { title: 'Action', cell: (row) => h('span', { class: `action ${row.action}` }, row.action) },
              { title: 'Score', cell: (row) => score(row.score), numeric: true },
              { title: 'Group', cell: (row) => (row.evidence.cluster ? `${row.evidence.cluster.keys} keys / ${row.evidence.cluster.tenants} tenants` : '–') },
              { title: 'First reason', cell: (row) => row.evidence.reasons[0] ?? '–' },
              { title: 'Since', cell: (row) => time(row.since) },
            ],
            answer.data,
            (row) => ({ 'data-case-id': row.id, 'data-action': row.action }),
          ),
    );
    replace(
      groups,
      currentSession()?.operator && answer.clusters.length > 0
        ? [
            h('h3', {}, 'Coordinated groups'),
            table<ClusterView>(
              [
                { title: 'Group', cell: (row) => h('code', {}, row.id) },
                { title: 'Keys', cell: (row) => row.keys.length, numeric: true },
                { title: 'Tenants', cell: (row) => row.tenants, numeric: true },
                { title: 'Score', cell: (row) => score(row.score), numeric: true },
                { title: 'First reason', cell: (row) => row.reasons[0] ?? '–' },
              ],
              answer.clusters.slice(0, 50),
              (row) => ({ 'data-cluster-id': row.id }),
            ),
          ]
        : null,
    );
  };
  replace(
    root,
    h('h2', {}, 'Extraction guard'),
    h('p', { class: 'hint' }, 'Keys, tenants and client networks the distillation detector acts on. Evidence is signals and keyed hashes; prompt text is never kept.'),
    h('div', { class: 'controls' }, h('button', { type: 'button', 'data-testid': 'cases-refresh', onclick: () => void refresh() }, 'Refresh')),
    listing,
    detail,
    groups,
  );
  await refresh();
};
