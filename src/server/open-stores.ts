import { join } from 'node:path';
import { openAuditLog, type AuditLog } from '../security/audit/audit-log.ts';
import type { KeyRepository } from '../store/key-repository.ts';
import type { LedgerViews } from '../store/ledger-views.ts';
import { createSqliteLedgerViews } from '../store/sqlite/sqlite-ledger-views.ts';
import type { LedgerRepository } from '../store/ledger-repository.ts';
import type { ResponseRepository } from '../store/response-repository.ts';
import type { SpendRepository } from '../store/spend-repository.ts';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import { createMemoryDecisionStore, type DecisionStore } from './decision-store.ts';

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
  /** The dashboard's reads of the ledger (rollups and indexed pages). */
  ledgerViews: LedgerViews;
  /** Stored Responses API answers (`previous_response_id`). */
  responses: ResponseRepository;
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
      ledgerViews: createSqliteLedgerViews(stores.database),
      responses: stores.responses,
      decisions: createMemoryDecisionStore(),
      auditLog: openAuditLog({ ...auditOptions, synchronous: config.audit.synchronous }),
      watchKeyChanges: () => undefined,
      status: () => ({}),
      close: async () => stores.close(),
    };
  }

  // Loaded only when configured, so the embedded default never loads the Postgres driver.
  const { openPostgresStores } = await import('./open-postgres-stores.ts');
  return openPostgresStores({ ...options, postgresUrl: options.postgresUrl, auditOptions });
}
