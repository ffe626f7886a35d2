import type { Migration } from './migrate.ts';

/**
 * Sovereign's schema, in order. Append only: a released migration is never edited.
 * Times are integer milliseconds since the epoch (UTC); money is integer nano-dollars (1e-9 USD).
 */
export const sovereignMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'virtual keys',
    up: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        previous_hash TEXT,
        previous_hash_expires_at INTEGER,
        scopes TEXT NOT NULL,
        models TEXT NOT NULL,
        clearance TEXT NOT NULL,
        country TEXT,
        labels TEXT NOT NULL,
        budgets TEXT NOT NULL,
        rate_limits TEXT NOT NULL,
        expires_at INTEGER,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        rotated_at INTEGER
      );
      CREATE INDEX api_keys_tenant ON api_keys (tenant, created_at);
      -- Bumped by every change, whoever makes it (gateway or CLI), so caches know when to reload.
      CREATE TABLE key_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
      INSERT INTO key_revision (id, revision) VALUES (1, 0);
      CREATE TRIGGER api_keys_inserted AFTER INSERT ON api_keys BEGIN UPDATE key_revision SET revision = revision + 1; END;
      CREATE TRIGGER api_keys_updated AFTER UPDATE ON api_keys BEGIN UPDATE key_revision SET revision = revision + 1; END;
      CREATE TRIGGER api_keys_deleted AFTER DELETE ON api_keys BEGIN UPDATE key_revision SET revision = revision + 1; END;
    `,
  },
  {
    version: 2,
    name: 'budget spend',
    up: `
      CREATE TABLE budget_spend (
        scope TEXT NOT NULL,
        period TEXT NOT NULL,
        nano_usd INTEGER NOT NULL DEFAULT 0,
        tokens INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (scope, period)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'usage ledger',
    up: `
      CREATE TABLE ledger (
        id INTEGER PRIMARY KEY,
        time_ms INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        tenant TEXT NOT NULL,
        key_id TEXT NOT NULL,
        model TEXT NOT NULL,
        provider TEXT,
        jurisdiction TEXT,
        dialect TEXT NOT NULL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        error_code TEXT,
        input_tokens INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_nano_usd INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        ttft_ms INTEGER,
        decision_id TEXT,
        cache_status TEXT
      );
      CREATE INDEX ledger_tenant_time ON ledger (tenant, time_ms);
      CREATE INDEX ledger_key_time ON ledger (key_id, time_ms);
      CREATE INDEX ledger_time ON ledger (time_ms);
    `,
  },
  {
    version: 4,
    name: 'stored responses',
    up: `
      CREATE TABLE stored_responses (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        key_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        previous_response_id TEXT,
        response TEXT NOT NULL,
        input_items TEXT NOT NULL,
        profile TEXT NOT NULL
      );
      CREATE INDEX stored_responses_expiry ON stored_responses (expires_at);
    `,
  },
  {
    version: 5,
    name: 'spend holds',
    up: `
      -- One row per admitted request with a budget or a token rate, written before dispatch; see SpendRepository.
      CREATE TABLE spend_holds (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        scopes TEXT NOT NULL,
        periods TEXT NOT NULL,
        nano_usd INTEGER NOT NULL,
        tokens INTEGER NOT NULL,
        settled INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      CREATE INDEX spend_holds_kind_time ON spend_holds (kind, time_ms);
      CREATE INDEX spend_holds_open ON spend_holds (settled, time_ms);
    `,
  },
];
