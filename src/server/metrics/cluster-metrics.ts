import type { Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { GatewayMetrics } from './gateway-metrics.ts';

type Snapshot = MetricObjectWithValues<MetricValue<string>>[];

/**
 * The messages of `/metrics` under `serve --workers N`: the worker that took the scrape asks the primary
 * (`metrics-ask`), the primary asks every worker for its snapshot (`metrics-collect`, `metrics-collected`), sums them
 * with prom-client's aggregator and answers the asking worker (`metrics-aggregated`).
 */
type ClusterMetricsMessage =
  | { sovereign: 'metrics-ask'; id: string }
  | { sovereign: 'metrics-collect'; id: string }
  | { sovereign: 'metrics-collected'; id: string; metrics: Snapshot }
  | { sovereign: 'metrics-aggregated'; id: string; contentType?: string; body?: string; error?: string };

const isMessage = (value: unknown): value is ClusterMetricsMessage =>
  typeof value === 'object' && value !== null && typeof (value as { sovereign?: unknown }).sovereign === 'string' && typeof (value as { id?: unknown }).id === 'string';

/**
 * A worker's metrics: it answers the primary's snapshot requests, and its `render` (what `/metrics` serves) is the
 * sum over every worker, asked of the primary. Counters and histograms add up; gauges add up unless their
 * instrument says otherwise (circuit states and the shared audit log's gauges: the largest or smallest view).
 */
export function clusterWorkerMetrics(metrics: GatewayMetrics, timeoutMs = 10_000): Pick<GatewayMetrics, 'render'> {
  const waiting = new Map<string, (answer: Extract<ClusterMetricsMessage, { sovereign: 'metrics-aggregated' }>) => void>();
  const send = (message: ClusterMetricsMessage) => process.send?.(message);
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.sovereign === 'metrics-collect') {
      void metrics.snapshot().then(
        (snapshot) => send({ sovereign: 'metrics-collected', id: message.id, metrics: snapshot }),
        () => send({ sovereign: 'metrics-collected', id: message.id, metrics: [] }),
      );
    } else if (message.sovereign === 'metrics-aggregated') {
      waiting.get(message.id)?.(message);
    }
  });
  return {
    render() {
      const id = randomUUID();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the primary did not aggregate the workers' metrics within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (answer.body === undefined || answer.contentType === undefined) reject(new Error(answer.error ?? 'the workers\' metrics could not be aggregated'));
          else resolve({ contentType: answer.contentType, body: answer.body });
        });
        send({ sovereign: 'metrics-ask', id });
      });
    },
  };
}

/**
 * The primary's side: when `worker` asks, collects every running worker's snapshot (one that does not answer within
 * `timeoutMs`, e.g. still starting, is left out) and answers with their sum, plus `sovereign_workers` saying how many
 * reported out of how many run.
 */
export function answerMetricsAsks(worker: Worker, running: () => Worker[], timeoutMs = 5_000): void {
  worker.on('message', (message: unknown) => {
    if (!isMessage(message) || message.sovereign !== 'metrics-ask') return;
    const workers = running();
    collect(workers, timeoutMs)
      .then(async (snapshots) => {
        const registry = AggregatorRegistry.aggregate(snapshots);
        const body =
          (await registry.metrics()) +
          '# HELP sovereign_workers Worker processes: running, and reporting (whose metrics are summed in this answer).\n' +
          '# TYPE sovereign_workers gauge\n' +
          `sovereign_workers{state="running"} ${workers.length}\nsovereign_workers{state="reporting"} ${snapshots.length}\n`;
        return { sovereign: 'metrics-aggregated', id: message.id, contentType: registry.contentType, body } as const;
      })
      .catch((error: unknown) => ({ sovereign: 'metrics-aggregated', id: message.id, error: (error as Error).message }) as const)
      .then((answer) => {
        if (worker.isConnected()) worker.send(answer);
      });
  });
}

function collect(workers: Worker[], timeoutMs: number): Promise<Snapshot[]> {
  const id = randomUUID();
  return Promise.all(
    workers.map(
      (worker) =>
        new Promise<Snapshot | undefined>((resolve) => {
          const done = (snapshot: Snapshot | undefined) => {
            clearTimeout(timer);
            worker.off('message', onMessage);
            resolve(snapshot);
          };
          const onMessage = (message: unknown) => {
            if (isMessage(message) && message.sovereign === 'metrics-collected' && message.id === id) done(message.metrics);
          };
          const timer = setTimeout(() => done(undefined), timeoutMs);
          worker.on('message', onMessage);
          if (!worker.isConnected()) done(undefined);
          else worker.send({ sovereign: 'metrics-collect', id } satisfies ClusterMetricsMessage, (error: Error | null) => error && done(undefined));
        }),
    ),
  ).then((snapshots) => snapshots.filter((snapshot): snapshot is Snapshot => snapshot !== undefined && snapshot.length > 0));
}
