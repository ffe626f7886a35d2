import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { connect } from 'node:net';
import { postgresAvailability, redisAvailability, usePostgresServer, useRedisServer } from '../helpers/real-engines.ts';

/** Sends one inline Redis command over a raw socket and returns the first reply line. */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      const lines = answer.split('\r\n');
      // A bulk reply ($n) is followed by its data line.
      if (lines.length >= 2 && (!answer.startsWith('$') || answer.startsWith('$-1') || lines.length >= 3)) {
        socket.destroy();
        resolve(answer.startsWith('$') && !answer.startsWith('$-1') ? (lines[1] ?? '') : (lines[0] ?? ''));
      }
    });
    socket.once('connect', () => socket.write(`${command}\r\n`));
  });
}

describe.skipIf(postgresAvailability().skip)('the Postgres test harness', () => {
  const server = usePostgresServer();

  it('serves a fresh database on 127.0.0.1 and keeps committed data across a stop, a kill -9 and restarts', async () => {
    const url = await server().createDatabase();
    expect(url).toMatch(/^postgres:\/\/sovereign@127\.0\.0\.1:\d+\/test_/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE t (n int)');
    await client.query('INSERT INTO t VALUES (1)');
    await client.end();

    await server().stop();
    expect(server().running).toBe(false);
    const refused = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    await expect(refused.connect()).rejects.toThrow();

    await server().start();
    expect((await server().query('SELECT n FROM t', url.split('/').at(-1))).rows).toEqual([{ n: 1 }]);

    await server().query('INSERT INTO t VALUES (2)', url.split('/').at(-1));
    await server().kill();
    expect(server().running).toBe(false);
    await server().start();
    expect((await server().query('SELECT n FROM t ORDER BY n', url.split('/').at(-1))).rows).toEqual([{ n: 1 }, { n: 2 }]);
  }, 60_000);

  it('gives each call its own database', async () => {
    const first = await server().createDatabase();
    const second = await server().createDatabase();
    expect(first).not.toBe(second);
    await server().query('CREATE TABLE only_here (n int)', first.split('/').at(-1));
    await expect(server().query('SELECT * FROM only_here', second.split('/').at(-1))).rejects.toThrow(/does not exist/);
  });
});

describe.skipIf(redisAvailability().skip)('the Redis test harness', () => {
  const server = useRedisServer();

  it('answers on 127.0.0.1, refuses while stopped and comes back empty on the same port', async () => {
    const port = server().port;
    expect(server().url).toBe(`redis://127.0.0.1:${port}`);
    expect(await redisCommand(port, 'SET greeting hello')).toBe('+OK');
    expect(await redisCommand(port, 'GET greeting')).toBe('hello');
    await server().stop();
    await expect(redisCommand(port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    await server().start();
    expect(server().port).toBe(port);
    expect(await redisCommand(port, 'GET greeting')).toBe('$-1');
  });
});
