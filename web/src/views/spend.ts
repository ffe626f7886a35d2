import { api } from '../api.ts';
import { chart, palette } from '../charts.ts';
import { h, replace, table } from '../dom.ts';
import { count, nanoUsd } from '../format.ts';
import type { Breakdown, Point } from './traffic.ts';
import { failure, windowPicker, type View } from './view.ts';

interface Spend {
  window: { from: number; to: number; bucketMs: number };
  by: string;
  series: Point[];
  breakdown: Breakdown[];
}

const dimensions = ['model', 'key', 'tenant', 'provider'] as const;
let chosen = '24h';
let by: (typeof dimensions)[number] = 'model';

const savedTotal = (row: Breakdown | Point) => row.saved.cache + row.saved.promptCache + row.saved.compression + row.saved.cascade;

/** Spend and what the gateway saved (cache hits, prompt-cache reads, compression, cascade) over time, by tenant, key or model. */
export const spendView: View = async (root) => {
  const render = async () => {
    replace(root, h('h2', {}, 'Spend and savings'), h('p', {}, 'Loading…'));
    let spend: Spend;
    try {
      spend = await api<Spend>(`/spend?window=${chosen}&by=${by}`);
    } catch (error) {
      root.append(failure(error));
      return;
    }
    const box = h('div', { class: 'chart', 'data-testid': 'spend-chart' });
    const totals = spend.breakdown.reduce(
      (sum, row) => ({ cost: sum.cost + row.costNanoUsd, saved: sum.saved + savedTotal(row), requests: sum.requests + row.requests }),
      { cost: 0, saved: 0, requests: 0 },
    );
    replace(
      root,
      h('h2', {}, 'Spend and savings'),
      h(
        'div',
        { class: 'controls' },
        windowPicker(chosen, (window) => ((chosen = window), void render())),
        h(
          'label',
          { class: 'picker' },
          'By ',
          h('select', { 'data-testid': 'spend-by', onchange: (event: Event) => ((by = (event.target as HTMLSelectElement).value as typeof by), void render()) }, dimensions.map((name) => h('option', { value: name, selected: name === by }, name))),
        ),
      ),
      h(
        'p',
        { class: 'totals', 'data-testid': 'spend-totals' },
        `Spent ${nanoUsd(totals.cost)} on ${count(totals.requests)} requests; saved ${nanoUsd(totals.saved)} (estimates: what the same requests would have cost without the cache, prompt caching, compression and the cascade).`,
      ),
      box,
      table<Breakdown>(
        [
          { title: by, cell: (row) => row.group || '–' },
          { title: 'Requests', cell: (row) => count(row.requests), numeric: true },
          { title: 'Tokens in / out', cell: (row) => `${count(row.inputTokens)} / ${count(row.outputTokens)}`, numeric: true },
          { title: 'Spent', cell: (row) => nanoUsd(row.costNanoUsd), numeric: true },
          { title: 'Saved: cache', cell: (row) => nanoUsd(row.saved.cache), numeric: true },
          { title: 'prompt cache', cell: (row) => nanoUsd(row.saved.promptCache), numeric: true },
          { title: 'compression', cell: (row) => nanoUsd(row.saved.compression), numeric: true },
          { title: 'cascade', cell: (row) => nanoUsd(row.saved.cascade), numeric: true },
        ],
        spend.breakdown,
      ),
    );
    const line = (name: string, pick: (point: Point) => number) => ({ name, type: 'line', showSymbol: false, data: spend.series.map((point) => [point.bucket, pick(point) / 1e9]) });
    chart(box, {
      color: palette,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'time', min: spend.window.from, max: spend.window.to },
      yAxis: { type: 'value', name: 'USD' },
      series: [
        line('spent', (point) => point.costNanoUsd),
        line('saved: cache', (point) => point.saved.cache),
        line('saved: prompt cache', (point) => point.saved.promptCache),
        line('saved: compression', (point) => point.saved.compression),
        line('saved: cascade', (point) => point.saved.cascade),
      ],
    });
  };
  await render();
};
