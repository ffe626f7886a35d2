import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where an engine's programs are, or why they could not be found. */
export type EngineLookup<Found> = { found: true; binaries: Found } | { found: false; reason: string };

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  /** The major version, from the directory name (`/usr/lib/postgresql/15/bin`) when known. */
  version?: number;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory && executable(join(directory, name))) return join(directory, name);
  }
  return undefined;
}

/**
 * Finds `postgres` and `initdb`: `SOVEREIGN_PG_BIN` (a directory) first, then the newest Debian/Ubuntu install
 * (`/usr/lib/postgresql/<major>/bin`, where Debian keeps them off the PATH), then the PATH.
 */
export function findPostgresBinaries(): EngineLookup<PostgresBinaries> {
  const candidates: Array<{ directory: string; version?: number }> = [];
  if (process.env.SOVEREIGN_PG_BIN) candidates.push({ directory: process.env.SOVEREIGN_PG_BIN });
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .map(Number)
      .filter((version) => Number.isInteger(version))
      .sort((a, b) => b - a);
    for (const version of versions) candidates.push({ directory: `/usr/lib/postgresql/${version}/bin`, version });
  } catch {
    // Not a Debian layout.
  }
  for (const candidate of candidates) {
    const postgres = join(candidate.directory, 'postgres');
    const initdb = join(candidate.directory, 'initdb');
    if (executable(postgres) && executable(initdb)) {
      return { found: true, binaries: { postgres, initdb, ...(candidate.version === undefined ? {} : { version: candidate.version }) } };
    }
  }
  const postgres = onPath('postgres');
  const initdb = onPath('initdb');
  if (postgres && initdb) return { found: true, binaries: { postgres, initdb } };
  return {
    found: false,
    reason: 'postgres and initdb were not found (looked in SOVEREIGN_PG_BIN, /usr/lib/postgresql/*/bin and the PATH); install them: apt-get install postgresql',
  };
}

/** Finds `redis-server`: `SOVEREIGN_REDIS_SERVER` (a file) first, then the PATH and `/usr/bin`. */
export function findRedisServer(): EngineLookup<{ redisServer: string }> {
  const candidates = [process.env.SOVEREIGN_REDIS_SERVER, onPath('redis-server'), '/usr/bin/redis-server', '/usr/local/bin/redis-server'];
  for (const candidate of candidates) {
    if (candidate && executable(candidate)) return { found: true, binaries: { redisServer: candidate } };
  }
  return { found: false, reason: 'redis-server was not found (looked in SOVEREIGN_REDIS_SERVER and the PATH); install it: apt-get install redis-server' };
}

/**
 * The unprivileged account to run Postgres as when the tests run as root (Postgres refuses to run as root):
 * `postgres` when the Debian package created it, otherwise `nobody`. Undefined when not root.
 */
export function unprivilegedAccount(): { uid: number; gid: number; name: string } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const lines = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const fields = lines.find((line) => line.startsWith(`${name}:`))?.split(':');
    if (fields && fields.length >= 4) return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  throw new Error('running as root, and neither a "postgres" nor a "nobody" account exists to run Postgres as');
}
