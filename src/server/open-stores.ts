import { join } from 'node:path';
import type pg from 'pg';
import { openAuditLog, type AuditLog } from '../security/audit/audit-log.ts';
import { openPostgresAuditLog, type PostgresAuditLog } from '../security/audit/postgres-audit-log.ts';
import type { KeyRepository } from '../store/key-repository.ts';
import type { LedgerRepository } from '../store/ledger-repository.ts';
import { listenPostgres, type PostgresListener } from '../store/postgres/postgres-listener.ts';
import { migratePostgres } from '../store/postgres/postgres-migrate.ts';
import { createPostgresPool, redactPostgresUrl } from '../store/postgres/postgres-pool.ts';
import { createPostgresDecisionRepository } from '../store/postgres/postgres-decision-repository.ts';
import { createPostgresKeyRepository } from '../store/postgres/postgres-key-repository.ts';
import { createPostgresLedgerRepository } from '../store/postgres/postgres-ledger-repository.ts';
import { createPostgresSpendRepository } from '../store/postgres/postgres-spend-repository.ts';
import { sovereignPostgresMigrations } from '../store/postgres/sovereign-postgres-migrations.ts';
import type { SpendRepository } from '../store/spend-repository.ts';
import { openLocalSpool, spoolFileName, type LocalSpool } from '../store/spool/local-spool.ts';
import { createSpooledLedgerRepository, ledgerSpoolTopic, type SpooledLedgerRepository } from '../store/spool/spooled-ledger-repository.ts';
import type { ShipperStatus } from '../store/spool/spool-shipper.ts';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import { createMemoryDecisionStore, createSharedDecisionStore, type DecisionStore } from './decision-store.ts';

/** How one backing service is doing, as the health endpoint reports it. */
export interface ComponentStatus {
  status: 'ok' | 'degraded';
  /** What is wrong and what the gateway does meanwhile (never a secret). */
  detail?: string;
  /** Items waiting in the local spool for the database. */
  spooled?: number;
}

/** Every store the gateway needs, on SQLite (embedded) or on Postgres (shared by many instances). */
export interface GatewayStores {
  backend: 'sqlite' | 'postgres';
  /** The database, password hidden (for the banner and logs). */
  location: string;
  keys: KeyRepository;
  spend: SpendRepository;
  ledger: LedgerRepository;
  decisions: DecisionStore;
  auditLog: AuditLog;
  /**
   * Calls `onChange` as soon as another instance changes a key (Postgres LISTEN/NOTIFY); the key cache's polling
   * of the revision stays as the fallback. Nothing on SQLite, where polling the local file is immediate enough.
   */
  watchKeyChanges(onChange: () => void): void;
  /** Components by name (`postgres`, `audit`, `ledger`); empty on the embedded default. */
  status(): Record<string, ComponentStatus>;
  /** Closes the stores (after the ledger and audit log have been closed by the caller). */
  close(): Promise<void>;
}

/** The database could not be reached or migrated at start-up. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

export interface OpenGatewayStoresOptions {
  config: GatewayConfig;
  home: string;
  /** Postgres URL: shared stores; absent: SQLite in `home`. */
  postgresUrl?: string;
  onError: (what: string) => (error: unknown) => void;
}

/**
 * Opens the stores. On Postgres: one pool, migrations applied under the advisory lock, then the repositories; the
 * ledger and the audit log write through the local spool (`<home>/spool.db`) so a response never waits on
 * Postgres and nothing is lost while it is away.
 */
export async function openGatewayStores(options: OpenGatewayStoresOptions): Promise<GatewayStores> {
  const { config, home, onError } = options;
  const auditOptions = {
    home,
    strict: config.audit.strict,
    checkpointEvery: config.audit.checkpointEvery,
    checkpointIntervalMs: config.audit.checkpointIntervalMs,
    onError: onError('audit write failed'),
  };
  if (!options.postgresUrl) {
    const stores = openSqliteStores(join(home, 'sovereign.db'));
    return {
      backend: 'sqlite',
      location: join(home, 'sovereign.db'),
      keys: stores.keys,
      spend: stores.spend,
      ledger: stores.ledger,
      decisions: createMemoryDecisionStore(),
      auditLog: openAuditLog({ ...auditOptions, synchronous: config.audit.synchronous }),
      watchKeyChanges: () => undefined,
      status: () => ({}),
      close: async () => stores.close(),
    };
  }

  const location = redactPostgresUrl(options.postgresUrl);
  const pool = createPostgresPool(options.postgresUrl, { max: config.store.postgres.poolSize, onError: onError('a Postgres connection failed') });
  try {
    await migratePostgres(pool, sovereignPostgresMigrations);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreUnavailableError(`cannot use Postgres at ${location}: ${(error as Error).message}`, { cause: error });
  }
  let spool: LocalSpool | undefined;
  let auditLog: PostgresAuditLog | undefined;
  let ledger: SpooledLedgerRepository | undefined;
  try {
    spool = openLocalSpool(join(home, spoolFileName), { synchronous: config.audit.synchronous });
    auditLog = openPostgresAuditLog({ ...auditOptions, pool, spool });
    ledger = createSpooledLedgerRepository({
      spool,
      remote: createPostgresLedgerRepository(pool),
      onFailure: (error) => onError('the ledger cannot reach Postgres; entries wait in the local spool')(error),
    });
  } catch (error) {
    spool?.close();
    await pool.end().catch(() => undefined);
    throw error;
  }
  const openedSpool = spool;
  const openedAudit = auditLog;
  const openedLedger = ledger;
  const postgresUrl = options.postgresUrl;
  const listeners: PostgresListener[] = [];
  return {
    backend: 'postgres',
    location,
    keys: createPostgresKeyRepository(pool),
    spend: createPostgresSpendRepository(pool),
    ledger: openedLedger,
    decisions: createSharedDecisionStore({
      repository: createPostgresDecisionRepository(pool),
      retentionMs: config.store.postgres.decisionRetentionDays * 86_400_000,
      onError: onError('decision write failed'),
    }),
    auditLog: openedAudit,
    watchKeyChanges(onChange) {
      listeners.push(listenPostgres({ url: postgresUrl, channel: 'sovereign_key_changes', onNotify: onChange }));
    },
    status: () => postgresStatus(pool, openedAudit.shipper(), openedLedger.status()),
    async close() {
      await Promise.all(listeners.map((listener) => listener.close()));
      openedLedger.shipper.close();
      openedSpool.close();
      await pool.end();
    },
  };
}

function shipperComponent(what: string, status: ShipperStatus): ComponentStatus {
  if (!status.failing) return { status: 'ok', spooled: status.pending };
  return {
    status: 'degraded',
    detail: `${what} cannot reach Postgres since ${new Date(status.failingSince ?? Date.now()).toISOString()}; ${status.pending} kept in the local spool, written when it returns`,
    spooled: status.pending,
  };
}

function postgresStatus(pool: pg.Pool, audit: ShipperStatus, ledger: ShipperStatus): Record<string, ComponentStatus> {
  const failing = audit.failing || ledger.failing;
  return {
    postgres: failing
      ? { status: 'degraded', detail: audit.lastError ?? ledger.lastError ?? 'unreachable' }
      : { status: 'ok', detail: `${pool.totalCount} connections, ${pool.idleCount} idle` },
    audit: shipperComponent('the audit log', audit),
    [ledgerSpoolTopic]: shipperComponent('the ledger', ledger),
  };
}
