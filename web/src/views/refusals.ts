import { api } from '../api.ts';
import { chart, palette } from '../charts.ts';
import { h, replace, table } from '../dom.ts';
import { count, time } from '../format.ts';
import { failure, windowPicker, type View } from './view.ts';

interface LedgerRecord {
  id: number;
  time: number;
  tenant: string;
  keyId: string;
  model: string;
  refusedBy: string[];
  classification: string | null;
  dataKinds: string[];
  decisionId: string | null;
}

interface Refusals {
  byPolicy: Array<{ policy: string; requests: number }>;
  examples: { records: LedgerRecord[]; next?: { time: number; id: number } };
}

let chosen = '24h';

/** What policy refused, how often, and examples: who asked and what the request carried (kinds and levels, never content). */
export const refusalsView: View = async (root) => {
  const render = async () => {
    replace(root, h('h2', {}, 'Refusals by policy'), h('p', {}, 'Loading…'));
    let refusals: Refusals;
    try {
      refusals = await api<Refusals>(`/refusals?window=${chosen}&limit=25`);
    } catch (error) {
      root.append(failure(error));
      return;
    }
    const box = h('div', { class: 'chart short', 'data-testid': 'refusal-chart' });
    const examples = h('div', {});
    const showExamples = (page: Refusals['examples'], append = false) => {
      const rows = table<LedgerRecord>(
        [
          { title: 'Time', cell: (row) => time(row.time) },
          { title: 'Tenant', cell: (row) => row.tenant },
          { title: 'Key', cell: (row) => row.keyId },
          { title: 'Model', cell: (row) => row.model },
          { title: 'Refused by', cell: (row) => row.refusedBy.join(', ') },
          { title: 'Classification', cell: (row) => row.classification ?? '–' },
          { title: 'Found', cell: (row) => row.dataKinds.join(', ') || '–' },
        ],
        page.records,
      );
      if (!append) replace(examples);
      examples.append(rows);
      if (page.next) {
        const next = page.next;
        const more: HTMLButtonElement = h('button', {
          type: 'button',
          onclick: async () => {
            more.remove();
            showExamples((await api<Refusals>(`/refusals?window=${chosen}&limit=25&before_time=${next.time}&before_id=${next.id}`)).examples, true);
          },
        }, 'Older');
        examples.append(more);
      }
    };
    replace(
      root,
      h('h2', {}, 'Refusals by policy'),
      windowPicker(chosen, (window) => ((chosen = window), void render())),
      refusals.byPolicy.length === 0 ? h('p', { class: 'hint' }, 'No refusals in this window.') : box,
      h('ul', { class: 'legend', 'data-testid': 'refusal-policies' }, refusals.byPolicy.map((row) => h('li', { 'data-policy': row.policy }, `${row.policy}: ${count(row.requests)}`))),
      h('h3', {}, 'Examples, newest first'),
      examples,
    );
    showExamples(refusals.examples);
    if (refusals.byPolicy.length > 0) {
      chart(box, {
        color: palette,
        tooltip: {},
        grid: { left: 160, right: 20, top: 10, bottom: 30 },
        xAxis: { type: 'value', name: 'requests' },
        yAxis: { type: 'category', data: refusals.byPolicy.map((row) => row.policy).reverse() },
        series: [{ type: 'bar', data: refusals.byPolicy.map((row) => row.requests).reverse() }],
      });
    }
  };
  await render();
};
