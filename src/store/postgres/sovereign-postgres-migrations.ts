import type { PostgresMigration } from './postgres-migrate.ts';

/**
 * Sovereign's Postgres schema, in order; the same tables as the SQLite schema (`sovereign-migrations.ts`) plus the
 * shared decisions and the audit log. Append only. Times are `bigint` milliseconds since the epoch (UTC); money is
 * `bigint` nano-dollars (1e-9 USD).
 */
export const sovereignPostgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'virtual keys',
    up: `
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        tenant text NOT NULL,
        name text NOT NULL,
        prefix text NOT NULL,
        hash text NOT NULL UNIQUE,
        previous_hash text,
        previous_hash_expires_at bigint,
        scopes jsonb NOT NULL,
        models jsonb NOT NULL,
        clearance text NOT NULL,
        country text,
        labels jsonb NOT NULL,
        budgets jsonb NOT NULL,
        rate_limits jsonb NOT NULL,
        expires_at bigint,
        created_at bigint NOT NULL,
        revoked_at bigint,
        rotated_at bigint,
        position bigserial NOT NULL
      );
      CREATE INDEX api_keys_tenant ON api_keys (tenant, created_at);
      -- Bumped by every change, whichever instance (or the CLI) makes it, so every cache knows when to reload.
      CREATE TABLE key_revision (id integer PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL);
      INSERT INTO key_revision (id, revision) VALUES (1, 0);
      CREATE FUNCTION sovereign_bump_key_revision() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE key_revision SET revision = revision + 1 WHERE id = 1;
          -- Every instance LISTENs on this channel and reloads at once (polling the revision is the fallback).
          PERFORM pg_notify('sovereign_key_changes', '');
          RETURN NULL;
        END $$;
      CREATE TRIGGER api_keys_revision AFTER INSERT OR UPDATE OR DELETE ON api_keys
        FOR EACH ROW EXECUTE FUNCTION sovereign_bump_key_revision();
    `,
  },
  {
    version: 2,
    name: 'budget spend',
    up: `
      CREATE TABLE budget_spend (
        scope text NOT NULL,
        period text NOT NULL,
        nano_usd bigint NOT NULL DEFAULT 0,
        tokens bigint NOT NULL DEFAULT 0,
        updated_at bigint NOT NULL,
        PRIMARY KEY (scope, period)
      );
    `,
  },
  {
    version: 3,
    name: 'usage ledger',
    up: `
      CREATE TABLE ledger (
        id bigserial PRIMARY KEY,
        time_ms bigint NOT NULL,
        request_id text NOT NULL,
        tenant text NOT NULL,
        key_id text NOT NULL,
        model text NOT NULL,
        provider text,
        jurisdiction text,
        dialect text NOT NULL,
        stream boolean NOT NULL,
        status integer NOT NULL,
        outcome text NOT NULL,
        error_code text,
        input_tokens bigint NOT NULL,
        cached_input_tokens bigint NOT NULL,
        cache_write_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        cost_nano_usd bigint NOT NULL,
        latency_ms integer NOT NULL,
        ttft_ms integer,
        decision_id text,
        cache_status text,
        -- Where the entry was first written (instance spool and position): a replayed spool adds nothing twice.
        origin text UNIQUE
      );
      CREATE INDEX ledger_tenant_time ON ledger (tenant, time_ms);
      CREATE INDEX ledger_key_time ON ledger (key_id, time_ms);
      CREATE INDEX ledger_time ON ledger (time_ms);
      CREATE INDEX ledger_request_id ON ledger (request_id);
    `,
  },
  {
    version: 4,
    name: 'routing decisions',
    up: `
      CREATE TABLE decisions (
        id text PRIMARY KEY,
        tenant text NOT NULL,
        created_at bigint NOT NULL,
        view jsonb NOT NULL
      );
      CREATE INDEX decisions_created_at ON decisions (created_at);
    `,
  },
  {
    version: 5,
    name: 'audit log',
    up: `
      -- One hash chain for every instance: appends are serialised by an advisory lock (see postgres-audit-store.ts).
      CREATE TABLE audit_records (
        seq bigint PRIMARY KEY,
        record text NOT NULL,
        hash text NOT NULL,
        -- Where the record was first written (instance spool and position): a replayed spool adds nothing twice.
        origin text NOT NULL UNIQUE,
        request_id text
      );
      CREATE INDEX audit_records_request_id ON audit_records (request_id);
      -- The chain's head and Merkle frontier after the last append, so an appender need not read the log.
      CREATE TABLE audit_head (
        id integer PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL,
        frontier jsonb NOT NULL
      );
      CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY,
        tree_size bigint NOT NULL,
        root text NOT NULL,
        head text NOT NULL,
        time text NOT NULL,
        key_id text NOT NULL,
        signature bytea NOT NULL,
        frontier jsonb
      );
    `,
  },
  {
    version: 6,
    name: 'spend holds',
    up: `
      -- One row per admitted request with a budget or a token rate, written before dispatch; see SpendRepository.
      CREATE TABLE spend_holds (
        id text PRIMARY KEY,
        kind text NOT NULL,
        time_ms bigint NOT NULL,
        scopes jsonb NOT NULL,
        periods jsonb NOT NULL,
        nano_usd bigint NOT NULL,
        tokens bigint NOT NULL,
        settled boolean NOT NULL DEFAULT false
      );
      CREATE INDEX spend_holds_kind_time ON spend_holds (kind, time_ms);
      CREATE INDEX spend_holds_open ON spend_holds (settled, time_ms);
    `,
  },
  {
    version: 7,
    name: 'stored responses',
    up: `
      CREATE TABLE stored_responses (
        id text PRIMARY KEY,
        tenant text NOT NULL,
        key_id text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        previous_response_id text,
        response jsonb NOT NULL,
        input_items jsonb NOT NULL,
        profile jsonb NOT NULL
      );
      CREATE INDEX stored_responses_expiry ON stored_responses (expires_at);
    `,
  },
  {
    version: 8,
    name: 'ledger rollups for the dashboard',
    up: `
      ALTER TABLE ledger ADD COLUMN tier text;
      ALTER TABLE ledger ADD COLUMN refused_by text; -- a JSON array of policy names
      ALTER TABLE ledger ADD COLUMN classification text;
      ALTER TABLE ledger ADD COLUMN data_kinds text; -- a JSON array of kinds
      ALTER TABLE ledger ADD COLUMN saved_cache_nano_usd bigint NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN saved_prompt_cache_nano_usd bigint NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN saved_compression_nano_usd bigint NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN saved_cascade_nano_usd bigint NOT NULL DEFAULT 0;
      CREATE INDEX ledger_refusals ON ledger (time_ms) WHERE refused_by IS NOT NULL;
      -- Totals per minute and per hour (resolution, in ms), kept by a statement trigger on every insert (one upsert
      -- per batch, in key order so concurrent writers take row locks in the same order).
      CREATE TABLE usage_rollup (
        resolution bigint NOT NULL,
        bucket bigint NOT NULL,
        tenant text NOT NULL,
        key_id text NOT NULL,
        model text NOT NULL,
        provider text NOT NULL,
        jurisdiction text NOT NULL,
        tier text NOT NULL,
        requests bigint NOT NULL,
        errors bigint NOT NULL,
        refusals bigint NOT NULL,
        cache_hits bigint NOT NULL,
        input_tokens bigint NOT NULL,
        cached_input_tokens bigint NOT NULL,
        output_tokens bigint NOT NULL,
        cost_nano_usd bigint NOT NULL,
        saved_cache_nano_usd bigint NOT NULL,
        saved_prompt_cache_nano_usd bigint NOT NULL,
        saved_compression_nano_usd bigint NOT NULL,
        saved_cascade_nano_usd bigint NOT NULL,
        latency_ms bigint NOT NULL,
        PRIMARY KEY (resolution, bucket, tenant, key_id, model, provider, jurisdiction, tier)
      );
      CREATE TABLE refusal_rollup (
        resolution bigint NOT NULL,
        bucket bigint NOT NULL,
        tenant text NOT NULL,
        policy text NOT NULL,
        requests bigint NOT NULL,
        PRIMARY KEY (resolution, bucket, tenant, policy)
      );
      CREATE FUNCTION sovereign_ledger_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          ${rollupInsert('new_rows', 'ON CONFLICT (resolution, bucket, tenant, key_id, model, provider, jurisdiction, tier) DO UPDATE SET ' + rollupSums())}
          ${refusalInsert('new_rows', 'ON CONFLICT (resolution, bucket, tenant, policy) DO UPDATE SET requests = refusal_rollup.requests + excluded.requests')}
          RETURN NULL;
        END $$;
      CREATE TRIGGER ledger_rollup AFTER INSERT ON ledger REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION sovereign_ledger_rollup();
      -- Rows already in the ledger are rolled up once, here.
      ${rollupInsert('ledger', '')}
      ${refusalInsert('ledger', '')}
    `,
  },
];

/** Rolls `source` (the ledger, or a trigger's new rows) up per minute and per hour into `usage_rollup`. */
function rollupInsert(source: string, onConflict: string): string {
  return `
    INSERT INTO usage_rollup
      SELECT r.resolution, n.time_ms - n.time_ms % r.resolution, n.tenant, n.key_id, n.model, coalesce(n.provider, ''),
        coalesce(n.jurisdiction, ''), coalesce(n.tier, ''), count(*), count(*) FILTER (WHERE n.outcome <> 'ok'),
        count(*) FILTER (WHERE n.refused_by IS NOT NULL), count(*) FILTER (WHERE n.cache_status = 'hit'), sum(n.input_tokens),
        sum(n.cached_input_tokens), sum(n.output_tokens), sum(n.cost_nano_usd), sum(n.saved_cache_nano_usd),
        sum(n.saved_prompt_cache_nano_usd), sum(n.saved_compression_nano_usd), sum(n.saved_cascade_nano_usd), sum(n.latency_ms)
      FROM ${source} n CROSS JOIN (VALUES (60000::bigint), (3600000::bigint)) AS r(resolution)
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
      ${onConflict};`;
}

function refusalInsert(source: string, onConflict: string): string {
  return `
    INSERT INTO refusal_rollup
      SELECT r.resolution, n.time_ms - n.time_ms % r.resolution, n.tenant, p.policy, count(*)
      FROM ${source} n CROSS JOIN LATERAL jsonb_array_elements_text(n.refused_by::jsonb) AS p(policy)
        CROSS JOIN (VALUES (60000::bigint), (3600000::bigint)) AS r(resolution)
      WHERE n.refused_by IS NOT NULL
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ${onConflict};`;
}

/** The upsert's `SET` list: every figure of the new bucket row added to the one stored. */
function rollupSums(): string {
  return ['requests', 'errors', 'refusals', 'cache_hits', 'input_tokens', 'cached_input_tokens', 'output_tokens', 'cost_nano_usd',
  'saved_cache_nano_usd', 'saved_prompt_cache_nano_usd', 'saved_compression_nano_usd', 'saved_cascade_nano_usd', 'latency_ms']
    .map((column) => `${column} = usage_rollup.${column} + excluded.${column}`)
    .join(', ');
}
