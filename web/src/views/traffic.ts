import { api } from '../api.ts';
import { chart, palette } from '../charts.ts';
import { h, replace, table } from '../dom.ts';
import { count, nanoUsd, time } from '../format.ts';
import { failure, windowPicker, type View } from './view.ts';

export interface Totals {
  requests: number;
  errors: number;
  refusals: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  costNanoUsd: number;
  saved: { cache: number; promptCache: number; compression: number; cascade: number };
  latencyMs: number;
}
export type Breakdown = Totals & { group: string };
export type Point = Totals & { bucket: number; group?: string };

interface Traffic {
  window: { from: number; to: number; bucketMs: number };
  byJurisdiction: Breakdown[];
  byTier: Breakdown[];
  series: Point[];
}

let chosen = '24h';

/** Where traffic went: by jurisdiction on a world map, and by tier over time, for a chosen window. */
export const trafficView: View = async (root) => {
  const render = async () => {
    replace(root, h('h2', {}, 'Traffic'), windowPicker(chosen, (window) => ((chosen = window), void render())), h('p', {}, 'Loading…'));
    let traffic: Traffic;
    try {
      traffic = await api<Traffic>(`/traffic?window=${chosen}`);
    } catch (error) {
      root.append(failure(error));
      return;
    }
    const mapBox = h('div', { class: 'chart map', 'data-testid': 'world-map' });
    const tierBox = h('div', { class: 'chart', 'data-testid': 'tier-chart' });
    const located = traffic.byJurisdiction.filter((row) => row.group !== '');
    replace(
      root,
      h('h2', {}, 'Traffic'),
      windowPicker(chosen, (window) => ((chosen = window), void render())),
      h('p', { class: 'hint' }, `${time(traffic.window.from)} to ${time(traffic.window.to)} UTC`),
      h('h3', {}, 'By jurisdiction (where inference ran)'),
      mapBox,
      h(
        'ul',
        { class: 'legend', 'data-testid': 'jurisdictions' },
        located.map((row) => h('li', { 'data-jurisdiction': row.group }, `${row.group}: ${count(row.requests)} requests, ${nanoUsd(row.costNanoUsd)}`)),
        traffic.byJurisdiction.some((row) => row.group === '') ? h('li', {}, `not dispatched (refused, cached or failed early): ${count(traffic.byJurisdiction.find((row) => row.group === '')!.requests)}`) : null,
      ),
      h('h3', {}, 'By tier'),
      tierBox,
      table<Breakdown>(
        [
          { title: 'Tier', cell: (row) => row.group || 'not dispatched' },
          { title: 'Requests', cell: (row) => count(row.requests), numeric: true },
          { title: 'Errors', cell: (row) => count(row.errors), numeric: true },
          { title: 'Cost', cell: (row) => nanoUsd(row.costNanoUsd), numeric: true },
        ],
        traffic.byTier,
      ),
    );
    // The map's shapes (world-atlas, 1:50m) load with the first traffic view, not with the dashboard.
    const map = (await import('../world-map.ts')).registerWorldMap();
    const highest = Math.max(1, ...located.map((row) => row.requests));
    chart(mapBox, {
      tooltip: { trigger: 'item', formatter: (item: { name: string; value?: number }) => `${item.name}: ${Number.isFinite(item.value) ? count(item.value ?? 0) : 0} requests` },
      visualMap: { min: 0, max: highest, left: 'left', bottom: 10, text: ['more', 'fewer'], calculable: true, inRange: { color: ['#dbeafe', '#1d4ed8'] } },
      series: [{ type: 'map', map, nameProperty: 'code', roam: true, emphasis: { label: { show: false } }, data: located.map((row) => ({ name: row.group, value: row.requests })) }],
    });
    const tiers = [...new Set(traffic.series.map((point) => point.group ?? ''))];
    const buckets = [...new Set(traffic.series.map((point) => point.bucket))].sort((a, b) => a - b);
    chart(tierBox, {
      color: palette,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: tiers.map((tier) => tier || 'not dispatched') },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'time', min: traffic.window.from, max: traffic.window.to },
      yAxis: { type: 'value', name: 'requests' },
      series: tiers.map((tier) => ({
        name: tier || 'not dispatched',
        type: 'bar',
        stack: 'tiers',
        barMaxWidth: 24,
        data: buckets.map((bucket) => [bucket, traffic.series.find((point) => point.bucket === bucket && (point.group ?? '') === tier)?.requests ?? 0]),
      })),
    });
  };
  await render();
};
