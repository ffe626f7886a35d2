/**
 * What the benchmark drives, in the order it reports them: `sovereign` on SQLite (the embedded default);
 * `sovereign-pg-redis` the same configuration on Postgres and Redis (`--postgres-redis`); `sovereign-workers` that
 * one under `serve --workers N` (`--workers N`); then the peer gateways from the npm registry (`peer-gateways.ts`).
 */
export const targetNames = ['direct', 'floor', 'sovereign', 'sovereign-pg-redis', 'sovereign-workers', 'portkey', 'nullplatform'] as const;
export type TargetName = (typeof targetNames)[number];

/** One HTTP endpoint under load and the process whose CPU and memory are charged to it. */
export interface Target {
  readonly name: TargetName;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The OpenAI chat completions path on this target. */
  readonly path: string;
  /** Headers sent with every request (credentials, peer routing headers); `content-type` is added. */
  readonly headers: Record<string, string>;
  /** The process measured for CPU and memory (for `direct`, the upstream simulator itself). */
  readonly pid: number;
  /** Where the process logs (shown when it fails). */
  logTail(): string;
  close(): Promise<void>;
}

/** The chat path of the OpenAI API. @see https://platform.openai.com/docs/api-reference/chat/create */
export const chatPath = '/v1/chat/completions';
