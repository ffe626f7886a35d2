import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/overhead/free-port.ts';
import { findRedisServer } from './engine-binaries.ts';
import { spawnEngine, stopEngine, waitUntilReady, type EngineProcess } from './engine-process.ts';

/** A real `redis-server` on a free loopback port, without persistence, for tests. */
export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Stops the server (SIGTERM); its data is gone, as with a Redis used as a cache. */
  stop(): Promise<void>;
  /** `kill -9`. */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
  readonly running: boolean;
  close(): Promise<void>;
}

/** Sends `PING` over a raw socket and reports whether `+PONG` came back. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

/** Starts `redis-server` bound to 127.0.0.1 with RDB and AOF off, its working directory a temporary one. */
export async function startRedisServer(): Promise<RedisServer> {
  const lookup = findRedisServer();
  if (!lookup.found) throw new Error(lookup.reason);
  const directory = mkdtempSync(join(tmpdir(), 'sovereign-redis-'));
  let port = 0;
  let engine: EngineProcess | undefined;

  async function start(): Promise<void> {
    if (engine?.running) return;
    for (let attempt = 0; ; attempt += 1) {
      if (port === 0 || attempt > 0) port = await freePort();
      engine = spawnEngine(
        lookup.found ? lookup.binaries.redisServer : 'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory, '--daemonize', 'no', '--loglevel', 'warning'],
        { cwd: directory },
      );
      try {
        await waitUntilReady(engine, `redis-server on port ${port}`, () => ping(port));
        return;
      } catch (error) {
        const portTaken = /Address already in use/i.test(engine.output());
        await stopEngine(engine, 'SIGKILL');
        if (!portTaken || attempt >= 3) throw error;
      }
    }
  }

  await start();
  return {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    async stop() {
      if (engine) await stopEngine(engine, 'SIGTERM');
    },
    async kill() {
      if (engine) await stopEngine(engine, 'SIGKILL');
    },
    start,
    get running() {
      return engine?.running ?? false;
    },
    async close() {
      if (engine) await stopEngine(engine, 'SIGTERM');
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
