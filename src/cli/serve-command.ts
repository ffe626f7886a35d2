import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, type LoadedConfig } from '../server/config/load-config.ts';
import { resolveStoreUrls } from '../server/config/store-urls.ts';
import { startGateway } from '../server/gateway.ts';
import { createLogger } from '../server/logger.ts';
import { StoreUnavailableError } from '../server/open-stores.ts';
import { formatBanner } from './banner.ts';
import { announceWorkerReady, resolveWorkerCount, superviseWorkers, workerSlot } from './supervise-workers.ts';

const help = `Usage: sovereign serve [--config FILE] [--host HOST] [--port PORT] [--home DIR] [--workers N]

  --config FILE   configuration file (default: SOVEREIGN_CONFIG or config/default.yaml)
  --host HOST     bind address (default: HOST or 127.0.0.1; loopback unless you say otherwise)
  --port PORT     port (default: PORT or 8787)
  --home DIR      state directory (default: SOVEREIGN_HOME or ./.sovereign)
  --workers N     processes serving the port (default: server.workers, 1); "auto" = one per core.
                  More than one needs Redis (SOVEREIGN_REDIS_URL): it counts rate limits and budgets for all.

SIGTERM or SIGINT stops accepting requests and drains in-flight ones (server.shutdownGraceMs); with workers, every
worker drains. A worker that dies is restarted; if workers keep dying the command stops with exit code 1.`;

/** Extra time the primary gives its workers beyond their own drain, to close stores and exit. */
const workerExitMarginMs = 5_000;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      home: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const configFile = values.config ?? process.env.SOVEREIGN_CONFIG ?? 'config/default.yaml';
  let loaded: LoadedConfig;
  try {
    loaded = loadConfigFile(configFile, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
  const slot = workerSlot();
  if (slot === undefined) {
    const requested = values.workers ?? loaded.config.server.workers;
    const workers = resolveWorkerCount(requested);
    if (workers === undefined) {
      process.stderr.write(`sovereign: --workers must be a whole number from 1 to 512, or "auto" (got "${String(requested)}")\n`);
      return 64;
    }
    if (workers > 1) return superviseWorkersOf(loaded, configFile, workers);
  }
  return serveOne(loaded, configFile, values, slot);
}

/** The primary of `--workers N`: refuses without Redis, then forks and supervises the workers. */
async function superviseWorkersOf(loaded: LoadedConfig, configFile: string, workers: number): Promise<number> {
  let redis: string | undefined;
  try {
    redis = resolveStoreUrls(loaded.config, process.env, loaded.file).redis;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
  if (!redis) {
    process.stderr.write(
      `sovereign: ${workers} workers need Redis (SOVEREIGN_REDIS_URL or store.redis.url in ${configFile}): without it each ` +
        'process counts rate limits, token limits and budgets in its own memory, so the workers together would admit ' +
        `up to ${workers} times each limit. Set SOVEREIGN_REDIS_URL, or serve with --workers 1.\n`,
    );
    return 78;
  }
  const exitCode = await superviseWorkers({
    count: workers,
    shutdownGraceMs: loaded.config.server.shutdownGraceMs + workerExitMarginMs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (exitCode === 0) process.stderr.write('Stopped.\n');
  return exitCode;
}

/** One gateway in this process: the whole of `sovereign serve`, or one worker of `--workers N`. */
async function serveOne(loaded: LoadedConfig, configFile: string, values: { home?: string; host?: string; port?: string }, slot: number | undefined): Promise<number> {
  let gateway;
  try {
    gateway = await startGateway({
      config: loaded,
      ...(values.home ? { home: values.home } : {}),
      ...(values.host ? { host: values.host } : {}),
      ...(values.port ? { port: Number(values.port) } : {}),
      // A worker's log lines carry its slot, so the request log says which process served what.
      ...(slot === undefined ? {} : { logger: createLogger({ level: loaded.config.logging.level }).child({ worker: slot }), clusterMetrics: true }),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    if (error instanceof StoreUnavailableError) {
      process.stderr.write(`sovereign: ${error.message}\n`);
      return 1;
    }
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`sovereign: the port is already in use (${(error as Error).message}). Set PORT or --port.\n`);
      return 1;
    }
    throw error;
  }
  // The first worker prints the banner (and a generated key, once); the others one line each.
  if (slot === undefined || slot === 1) process.stderr.write(`${formatBanner(gateway, configFile)}\n`);
  else process.stderr.write(`Worker ${slot} (pid ${process.pid}) listening on ${gateway.url}\n`);
  announceWorkerReady(gateway.url);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      const who = slot === undefined ? '' : ` worker ${slot}`;
      process.stderr.write(`\n${signal}:${who} draining in-flight requests (up to ${gateway.config.server.shutdownGraceMs} ms)...\n`);
      void gateway.shutdown().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  process.stderr.write(slot === undefined ? 'Stopped.\n' : `Worker ${slot} stopped.\n`);
  // A worker's channel to the primary would keep it alive: closing it lets the process exit like a single one.
  if (slot !== undefined) cluster.worker?.disconnect();
  return 0;
}
