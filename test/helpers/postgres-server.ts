import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../bench/overhead/free-port.ts';
import { findPostgresBinaries, unprivilegedAccount, type PostgresBinaries } from './engine-binaries.ts';
import { spawnEngine, stopEngine, waitUntilReady, type EngineProcess } from './engine-process.ts';

const run = promisify(execFile);

/** A real Postgres server in a temporary directory, on a free loopback port, for tests. */
export interface PostgresServer {
  port: number;
  /** The data directory (under a temporary directory removed by `close`). */
  dataDirectory: string;
  /** `postgres://sovereign@127.0.0.1:<port>/<database>`. */
  url(database?: string): string;
  /** Creates a fresh, empty database (a unique name unless given) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Runs one statement as the superuser on `database` (default `postgres`). */
  query(sql: string, database?: string): Promise<pg.QueryResult>;
  /** Stops the server (fast shutdown: clients are disconnected); the data stays for `start`. */
  stop(): Promise<void>;
  /** `kill -9` of the postmaster and its backends: a crash of the server (the OS cache survives, so commits do). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  readonly running: boolean;
  /** Stops the server and deletes its files. */
  close(): Promise<void>;
}

export const postgresUser = 'sovereign';
let databaseCounter = 0;

/**
 * `initdb` into a fresh temporary directory, then `postgres` on a free 127.0.0.1 port with its socket in that
 * directory. As root, both run as the `postgres` account (or `nobody`), which owns the directory: Postgres refuses
 * to run as root. Durability settings are relaxed (`fsync=off`): a test that kills the server still keeps every
 * commit, since the OS cache survives; only a machine crash would not.
 */
export async function startPostgresServer(options: { binaries?: PostgresBinaries } = {}): Promise<PostgresServer> {
  const lookup = options.binaries ? { found: true as const, binaries: options.binaries } : findPostgresBinaries();
  if (!lookup.found) throw new Error(lookup.reason);
  const { binaries } = lookup;
  const account = unprivilegedAccount();
  const root = mkdtempSync(join(tmpdir(), 'sovereign-pg-'));
  const dataDirectory = join(root, 'data');
  const socketDirectory = join(root, 'socket');
  mkdirSync(socketDirectory);
  const asAccount = account ? { uid: account.uid, gid: account.gid } : {};
  if (account) {
    chownSync(root, account.uid, account.gid);
    chownSync(socketDirectory, account.uid, account.gid);
  }
  try {
    await run(binaries.initdb, ['-D', dataDirectory, '-U', postgresUser, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {
      ...asAccount,
      cwd: root,
      env: { ...process.env, LC_ALL: 'C' },
    });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    const detail = error as { stderr?: string; message: string };
    throw new Error(`initdb failed: ${detail.stderr || detail.message}`);
  }

  let port = 0;
  let engine: EngineProcess | undefined;
  const url = (database = 'postgres') => `postgres://${postgresUser}@127.0.0.1:${port}/${database}`;

  async function query(sql: string, database = 'postgres'): Promise<pg.QueryResult> {
    const client = new pg.Client({ connectionString: url(database), connectionTimeoutMillis: 2_000 });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async function start(): Promise<void> {
    if (engine?.running) return;
    // A port taken between asking and binding: ask again.
    for (let attempt = 0; ; attempt += 1) {
      if (port === 0 || attempt > 0) port = await freePort();
      engine = spawnEngine(
        binaries.postgres,
        [
          '-D', dataDirectory,
          '-p', String(port),
          '-k', socketDirectory,
          '-c', 'listen_addresses=127.0.0.1',
          '-c', 'fsync=off',
          '-c', 'full_page_writes=off',
          '-c', 'shared_buffers=16MB',
          '-c', 'max_connections=200',
        ],
        { ...asAccount, cwd: root, env: { ...process.env, LC_ALL: 'C' } },
      );
      try {
        await waitUntilReady(engine, `postgres on port ${port}`, async () => {
          await query('SELECT 1');
          return true;
        });
        return;
      } catch (error) {
        const portTaken = /could not bind|Address already in use/i.test(engine.output());
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
    dataDirectory,
    url,
    async createDatabase(name) {
      databaseCounter += 1;
      const database = name ?? `test_${process.pid}_${databaseCounter}_${Date.now().toString(36)}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`not a plain database name: ${database}`);
      await query(`CREATE DATABASE ${database}`);
      return url(database);
    },
    query,
    async stop() {
      // SIGINT is Postgres's fast shutdown: roll back open transactions, disconnect clients, checkpoint, exit.
      if (engine) await stopEngine(engine, 'SIGINT');
    },
    async kill() {
      // The postmaster and every backend at once (its process group), as a crash of the server would.
      if (engine) await stopEngine(engine, 'SIGKILL');
    },
    start,
    get running() {
      return engine?.running ?? false;
    },
    async close() {
      if (engine) await stopEngine(engine, 'SIGINT');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
