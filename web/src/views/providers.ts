import { api } from '../api.ts';
import { chart, palette } from '../charts.ts';
import { h, replace, table } from '../dom.ts';
import { count, milliseconds, percent } from '../format.ts';
import { failure, type View } from './view.ts';

interface ProviderRow {
  provider: string;
  circuit: string;
  calls: number;
  errorRate: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  lastError: string | null;
}

/** Each provider's health over the last 15 minutes: latency percentiles, error rate, circuit state; refreshed every 5 s. */
export const providersView: View = async (root) => {
  const box = h('div', { class: 'chart short', 'data-testid': 'latency-chart' });
  const listing = h('div', {});
  replace(root, h('h2', {}, 'Provider health'), h('p', { class: 'hint' }, 'Upstream calls of the last 15 minutes (this instance); latency to the answer, or a stream’s first content.'), box, listing);
  let instance: ReturnType<typeof chart> | undefined;
  const refresh = async () => {
    let rows: ProviderRow[];
    try {
      rows = (await api<{ providers: ProviderRow[] }>('/providers')).providers;
    } catch (error) {
      replace(listing, failure(error));
      return;
    }
    replace(
      listing,
      table<ProviderRow>(
        [
          { title: 'Provider', cell: (row) => row.provider },
          { title: 'Circuit', cell: (row) => h('span', { class: `circuit ${row.circuit}` }, row.circuit) },
          { title: 'Calls', cell: (row) => count(row.calls), numeric: true },
          { title: 'Errors', cell: (row) => percent(row.errorRate), numeric: true },
          { title: 'p50', cell: (row) => milliseconds(row.p50), numeric: true },
          { title: 'p95', cell: (row) => milliseconds(row.p95), numeric: true },
          { title: 'p99', cell: (row) => milliseconds(row.p99), numeric: true },
          { title: 'Last error', cell: (row) => row.lastError ?? '–' },
        ],
        rows,
        (row) => ({ 'data-provider': row.provider }),
      ),
    );
    const option = {
      color: palette,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: rows.map((row) => row.provider), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: 'ms' },
      series: (['p50', 'p95', 'p99'] as const).map((name) => ({ name, type: 'bar', data: rows.map((row) => row[name] ?? 0) })),
    };
    if (instance) instance.setOption(option);
    else instance = chart(box, option);
  };
  await refresh();
  const timer = setInterval(() => void refresh(), 5_000);
  return () => clearInterval(timer);
};
