import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GatewayError } from '../core/errors/gateway-error.ts';
import type { CreateKeyInput } from '../security/keys/create-key-input.ts';
import { createKeyService, type KeyInfo, type KeyService } from '../security/keys/key-service.ts';
import { keyStatus, toKeyView } from '../security/keys/key-view.ts';
import { formatUsd, usdToNanoUsd } from '../security/pricing/nano-usd.ts';
import { openCliStores } from './open-cli-stores.ts';
import { rotateStorageCommand } from './rotate-storage-command.ts';
import { storagePublicKeyCommand } from './storage-public-key-command.ts';

/** Where a command writes, and the environment it reads (tests pass their own). */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

/** The database file under the state directory: `--home`, else `SOVEREIGN_HOME`, else `./.sovereign`. */
export function databaseFile(home: string | undefined, env: Record<string, string | undefined>): string {
  return join(resolve(home ?? env.SOVEREIGN_HOME ?? '.sovereign'), 'sovereign.db');
}

/** Left-aligned plain-text columns, two spaces apart, with a header line. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** A command-line mistake: printed with the usage, exit code 2. */
class UsageError extends Error {}

const help = `Usage:
  sovereign keys create --tenant T --name N [options]   create a key; prints its secret once
  sovereign keys list [--tenant T] [--all]                 list keys (never secrets); --all includes revoked ones
  sovereign keys show ID                                   one key
  sovereign keys revoke ID                                 revoke a key at once
  sovereign keys rotate ID [--grace SECONDS]               new secret for the same key; prints it once
  sovereign keys rotate-storage                            new current storage key (old ones kept); re-wraps the data
                                                           keys of sealed stored responses and of sealed cached
                                                           answers in Redis (SOVEREIGN_REDIS_URL), content untouched
  sovereign keys storage-public-key                        print the current storage key's public half, for whoever
                                                           seals for this keyring (audit export --recipient FILE)

Options for create:
  --scopes LIST            chat,embeddings,admin,admin:*,* (default chat,embeddings)
  --models LIST            model globs, e.g. 'gpt-4o*,claude-*' (default *)
  --clearance LEVEL        UNCLASSIFIED, OFFICIAL, CUI, CONFIDENTIAL, SECRET, TOP SECRET
  --country CC             ISO 3166-1 alpha-2 home country
  --labels LIST            free labels
  --budget-usd-day X       --budget-usd-month X       --budget-tokens-day N     --budget-tokens-month N
  --rpm N                  requests per minute        --tpm N                   tokens per minute
  --expires WHEN           30d, 12h, 45m, or an ISO 8601 date or date-time

Common: --home DIR (default SOVEREIGN_HOME or ./.sovereign; the database is DIR/sovereign.db, or the Postgres
        database of SOVEREIGN_DATABASE_URL when set), --json`;

const list = (text: string | undefined) => (text === undefined ? undefined : text.split(',').map((item) => item.trim()).filter((item) => item !== ''));

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, not "${text}"`);
  return value;
}

/** `30d`, `12h`, `45m`, or an ISO date or date-time, to ms since the epoch. */
export function parseExpiry(text: string, now: number): number {
  const relative = /^(\d+)([dhm])$/.exec(text);
  if (relative) return now + Number(relative[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time)) throw new UsageError(`--expires must be like 30d, 12h, 45m or 2027-01-01, not "${text}"`);
  return time;
}

function defined<Value extends Record<string, unknown>>(value: Value): Partial<Value> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<Value>;
}

function describeLimits(key: KeyInfo): string {
  const parts: string[] = [];
  const { budgets, rateLimits } = key;
  if (budgets.usdPerDay !== undefined) parts.push(`${formatUsd(usdToNanoUsd(budgets.usdPerDay))}/day`);
  if (budgets.usdPerMonth !== undefined) parts.push(`${formatUsd(usdToNanoUsd(budgets.usdPerMonth))}/month`);
  if (budgets.tokensPerDay !== undefined) parts.push(`${budgets.tokensPerDay} tok/day`);
  if (budgets.tokensPerMonth !== undefined) parts.push(`${budgets.tokensPerMonth} tok/month`);
  if (rateLimits.requestsPerMinute !== undefined) parts.push(`${rateLimits.requestsPerMinute} rpm`);
  if (rateLimits.tokensPerMinute !== undefined) parts.push(`${rateLimits.tokensPerMinute} tpm`);
  return parts.join(', ') || '-';
}

function keyTable(keys: readonly KeyInfo[], time: number): string {
  return formatTable(
    ['ID', 'TENANT', 'NAME', 'PREFIX', 'STATUS', 'SCOPES', 'MODELS', 'LIMITS', 'CREATED'],
    keys.map((key) => [
      key.id,
      key.tenant,
      key.name,
      `${key.prefix}...`,
      keyStatus(key, time),
      key.scopes.join(','),
      key.models.join(','),
      describeLimits(key),
      new Date(key.createdAt).toISOString().slice(0, 19).replace('T', ' '),
    ]),
  );
}

async function run(service: KeyService, subcommand: string, positionals: string[], values: Record<string, string | boolean | undefined>, io: CommandIo): Promise<number> {
  const time = Date.now();
  const json = values.json === true;
  const text = (name: string) => values[name] as string | undefined;
  const show = (key: KeyInfo, secret?: string) => {
    if (json) io.out(`${JSON.stringify({ ...toKeyView(key, time), ...(secret ? { secret } : {}) }, null, 2)}\n`);
    else {
      io.out(keyTable([key], time));
      if (secret) io.out(`\nSecret (shown once, store it now; only its hash is kept):\n  ${secret}\n`);
    }
  };
  const idArgument = () => {
    const id = positionals[0];
    if (id === undefined) throw new UsageError(`sovereign keys ${subcommand} needs a key id`);
    return id;
  };

  switch (subcommand) {
    case 'create': {
      const tenant = text('tenant');
      const name = text('name');
      if (tenant === undefined || name === undefined) throw new UsageError('sovereign keys create needs --tenant and --name');
      const input: CreateKeyInput = {
        tenant,
        name,
        ...defined({ scopes: list(text('scopes')), models: list(text('models')), labels: list(text('labels')), country: text('country'), clearance: text('clearance') }),
        budgets: defined({
          usdPerDay: number('budget-usd-day', text('budget-usd-day')),
          usdPerMonth: number('budget-usd-month', text('budget-usd-month')),
          tokensPerDay: number('budget-tokens-day', text('budget-tokens-day')),
          tokensPerMonth: number('budget-tokens-month', text('budget-tokens-month')),
        }),
        rateLimits: defined({ requestsPerMinute: number('rpm', text('rpm')), tokensPerMinute: number('tpm', text('tpm')) }),
        ...(text('expires') === undefined ? {} : { expiresAt: parseExpiry(text('expires') as string, time) }),
      } as CreateKeyInput;
      const issued = await service.create(input);
      show(issued.key, issued.secret);
      return 0;
    }
    case 'list': {
      const tenant = text('tenant');
      const keys = await service.list({ ...(tenant === undefined ? {} : { tenant }), includeRevoked: values.all === true });
      if (json) io.out(`${JSON.stringify(keys.map((key) => toKeyView(key, time)), null, 2)}\n`);
      else if (keys.length === 0) io.out('No keys.\n');
      else io.out(keyTable(keys, time));
      return 0;
    }
    case 'show':
    case 'revoke':
    case 'rotate': {
      const id = idArgument();
      if (subcommand === 'rotate') {
        const grace = number('grace', text('grace'));
        const issued = await service.rotate(id, grace === undefined ? {} : { graceSeconds: grace });
        if (!issued) break;
        show(issued.key, issued.secret);
        return 0;
      }
      const key = subcommand === 'show' ? await service.get(id) : await service.revoke(id);
      if (!key) break;
      show(key);
      return 0;
    }
    default:
      throw new UsageError(`unknown subcommand "${subcommand}"`);
  }
  io.err(`sovereign keys: no key "${positionals[0]}"\n`);
  return 1;
}

/**
 * `sovereign keys`: manage virtual keys directly in the SQLite file (the gateway need not run; a running gateway
 * picks changes up within a second). Secrets are printed only by `create` and `rotate`.
 */
export async function keysCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        home: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        tenant: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        models: { type: 'string' },
        clearance: { type: 'string' },
        country: { type: 'string' },
        labels: { type: 'string' },
        'budget-usd-day': { type: 'string' },
        'budget-usd-month': { type: 'string' },
        'budget-tokens-day': { type: 'string' },
        'budget-tokens-month': { type: 'string' },
        rpm: { type: 'string' },
        tpm: { type: 'string' },
        expires: { type: 'string' },
        grace: { type: 'string' },
        all: { type: 'boolean' },
      },
    });
  } catch (error) {
    io.err(`sovereign keys: ${(error as Error).message}\n\n${help}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [subcommand, ...rest] = positionals;
  if (values.help || subcommand === undefined) {
    (values.help ? io.out : io.err)(`${help}\n`);
    return values.help ? 0 : 2;
  }
  if (subcommand === 'storage-public-key') return storagePublicKeyCommand(databaseFile(values.home, io.env), io);
  let stores;
  try {
    stores = await openCliStores(databaseFile(values.home, io.env), io.env);
  } catch (error) {
    io.err(`sovereign keys: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    if (subcommand === 'rotate-storage') return await rotateStorageCommand(databaseFile(values.home, io.env), stores, io, values.json === true);
    return await run(createKeyService({ repository: stores.keys }), subcommand, rest, values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`sovereign keys: ${error.message}\n\n${help}\n`);
      return 2;
    }
    if (GatewayError.isInstance(error) && error.code === 'invalid_request') {
      io.err(`sovereign keys: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await stores.close();
  }
}
