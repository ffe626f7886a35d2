import { join } from 'node:path';
import type pg from 'pg';
import { openPostgresAuditLog, type PostgresAuditLog } from '../security/audit/postgres-audit-log.ts';
import type { AuditLogOptions } from '../security/audit/audit-log.ts';
import { listenPostgres, type PostgresListener } from '../store/postgres/postgres-listener.ts';
import { migratePostgres } from '../store/postgres/postgres-migrate.ts';
import { createPostgresPool, redactPostgresUrl } from '../store/postgres/postgres-pool.ts';
import { createPostgresDecisionRepository } from '../store/postgres/postgres-decision-repository.ts';
import { createPostgresKeyRepository } from '../store/postgres/postgres-key-repository.ts';
import { createPostgresLedgerRepository } from '../store/postgres/postgres-ledger-repository.ts';
import { createPostgresLedgerViews } from '../store/postgres/postgres-ledger-views.ts';
import { createPostgresResponseRepository } from '../store/postgres/postgres-response-repository.ts';
import { createPostgresSpendRepository } from '../store/postgres/postgres-spend-repository.ts';
import { sovereignPostgresMigrations } from '../store/postgres/sovereign-postgres-migrations.ts';
import { openLocalSpool, spoolFileName, type LocalSpool } from '../store/spool/local-spool.ts';
import { createSpooledLedgerRepository, ledgerSpoolTopic, type SpooledLedgerRepository } from '../store/spool/spooled-ledger-repository.ts';
import type { ShipperStatus } from '../store/spool/spool-shipper.ts';
import { createSharedDecisionStore } from './decision-store.ts';
import { StoreUnavailableError, type ComponentStatus, type GatewayStores, type OpenGatewayStoresOptions } from './open-stores.ts';

/**
 * The stores on Postgres: one pool, migrations applied under the advisory lock, then the repositories; the
 * ledger and the audit log write through the local spool (`<home>/spool.db`) so a response never waits on
 * Postgres and nothing is lost while it is away.
 */
export async function openPostgresStores(
  options: OpenGatewayStoresOptions & { postgresUrl: string; auditOptions: Omit<AuditLogOptions, 'synchronous'> },
): Promise<GatewayStores> {
  const { config, home, onError, auditOptions } = options;
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
    ledgerViews: createPostgresLedgerViews(pool),
    responses: createPostgresResponseRepository(pool),
    decisions: createSharedDecisionStore({
      repository: createPostgresDecisionRepository(pool),
      retentionMs: config.store.postgres.decisionRetentionDays * 86_400_000,
      onError: onError('decision write failed'),
    }),
    auditLog: openedAudit,
    watchKeyChanges(onChange) {
      listeners.push(listenPostgres({ url: postgresUrl, channel: 'sovereign_key_changes', onNotify: onChange }));
    },
    status: () => postgresStatus(pool, openedAudit.shipper(), openedLedger.status(), listeners),
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

/**
 * Postgres is degraded when a shipper's last delivery failed, or when the LISTEN connection is down (which also
 * shows an outage while nothing is being written).
 */
function postgresStatus(pool: pg.Pool, audit: ShipperStatus, ledger: ShipperStatus, listeners: readonly PostgresListener[]): Record<string, ComponentStatus> {
  const failing = audit.failing || ledger.failing;
  const listening = listeners.every((listener) => listener.connected);
  return {
    postgres: failing || !listening
      ? { status: 'degraded', detail: audit.lastError ?? ledger.lastError ?? 'the notification connection is down (reconnecting)' }
      : { status: 'ok', detail: `${pool.totalCount} connections, ${pool.idleCount} idle` },
    audit: shipperComponent('the audit log', audit),
    [ledgerSpoolTopic]: shipperComponent('the ledger', ledger),
  };
}
