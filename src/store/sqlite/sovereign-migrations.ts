import type { Migration } from './migrate.ts';

/** The figures every rollup row sums, in column order. */
export const rollupFigures = [
  'requests', 'errors', 'refusals', 'cache_hits', 'input_tokens', 'cached_input_tokens', 'output_tokens', 'cost_nano_usd',
  'saved_cache_nano_usd', 'saved_prompt_cache_nano_usd', 'saved_compression_nano_usd', 'saved_cascade_nano_usd', 'latency_ms',
];

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
  {
    version: 6,
    name: 'ledger rollups for the dashboard',
    up: `
      ALTER TABLE ledger ADD COLUMN tier TEXT;
      ALTER TABLE ledger ADD COLUMN refused_by TEXT; -- a JSON array of policy names
      ALTER TABLE ledger ADD COLUMN classification TEXT;
      ALTER TABLE ledger ADD COLUMN data_kinds TEXT; -- a JSON array of kinds
      ALTER TABLE ledger ADD COLUMN saved_cache_nano_usd INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN saved_prompt_cache_nano_usd INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN saved_compression_nano_usd INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE ledger ADD COLUMN saved_cascade_nano_usd INTEGER NOT NULL DEFAULT 0;
      -- Refusals with their examples, newest first, without a scan (few rows match).
      CREATE INDEX ledger_refusals ON ledger (time_ms) WHERE refused_by IS NOT NULL;
      -- Totals per minute and per hour (resolution, in ms), kept by a trigger on every insert: the dashboard reads
      -- these, never the ledger, for its charts. Absent provider, jurisdiction or tier are ''.
      CREATE TABLE usage_rollup (
        resolution INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        tenant TEXT NOT NULL,
        key_id TEXT NOT NULL,
        model TEXT NOT NULL,
        provider TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        tier TEXT NOT NULL,
        requests INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        refusals INTEGER NOT NULL,
        cache_hits INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_nano_usd INTEGER NOT NULL,
        saved_cache_nano_usd INTEGER NOT NULL,
        saved_prompt_cache_nano_usd INTEGER NOT NULL,
        saved_compression_nano_usd INTEGER NOT NULL,
        saved_cascade_nano_usd INTEGER NOT NULL,
        latency_ms INTEGER NOT NULL,
        PRIMARY KEY (resolution, bucket, tenant, key_id, model, provider, jurisdiction, tier)
      ) WITHOUT ROWID;
      CREATE TABLE refusal_rollup (
        resolution INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        tenant TEXT NOT NULL,
        policy TEXT NOT NULL,
        requests INTEGER NOT NULL,
        PRIMARY KEY (resolution, bucket, tenant, policy)
      ) WITHOUT ROWID;
      ${['60000', '3600000'].map(usageRollupTrigger).join('\n')}
      -- Rows already in the ledger are rolled up once, here.
      ${['60000', '3600000'].map(usageRollupBackfill).join('\n')}
    `,
  },
  {
    version: 7,
    name: 'daily ledger rollups',
    up: `
      -- Totals per UTC day too: a 30-day view reads 30 days of rows, not 720 hours of them.
      ${usageRollupTrigger('86400000')}
      -- Days already held are summed from their hours once, here.
      INSERT INTO usage_rollup
        SELECT 86400000, bucket - bucket % 86400000, tenant, key_id, model, provider, jurisdiction, tier, sum(requests), sum(errors),
          sum(refusals), sum(cache_hits), sum(input_tokens), sum(cached_input_tokens), sum(output_tokens), sum(cost_nano_usd),
          sum(saved_cache_nano_usd), sum(saved_prompt_cache_nano_usd), sum(saved_compression_nano_usd), sum(saved_cascade_nano_usd),
          sum(latency_ms)
        FROM usage_rollup WHERE resolution = 3600000 GROUP BY 2, 3, 4, 5, 6, 7, 8;
      INSERT INTO refusal_rollup
        SELECT 86400000, bucket - bucket % 86400000, tenant, policy, sum(requests)
        FROM refusal_rollup WHERE resolution = 3600000 GROUP BY 2, 3, 4;
    `,
  },
  {
    version: 8,
    name: 'narrow ledger rollups for the dashboard charts',
    up: `
      -- usage_rollup without the key and the model: the charts by tenant, provider, jurisdiction or tier read these,
      -- a few rows per bucket instead of one per key, model and provider seen in it.
      CREATE TABLE traffic_rollup (
        resolution INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        tenant TEXT NOT NULL,
        provider TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        tier TEXT NOT NULL,
        ${rollupFigures.map((column) => `${column} INTEGER NOT NULL`).join(',\n        ')},
        PRIMARY KEY (resolution, bucket, tenant, provider, jurisdiction, tier)
      ) WITHOUT ROWID;
      ${['60000', '3600000', '86400000'].map(trafficRollupTrigger).join('\n')}
      INSERT INTO traffic_rollup
        SELECT resolution, bucket, tenant, provider, jurisdiction, tier, ${rollupFigures.map((column) => `sum(${column})`).join(', ')}
        FROM usage_rollup GROUP BY 1, 2, 3, 4, 5, 6;
    `,
  },
  {
    version: 9,
    name: 'extraction cases',
    up: `
      -- The extraction guard's cases (one per key, tenant or network that had an action), so a restart keeps them.
      CREATE TABLE extraction_cases (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        tenant TEXT,
        action TEXT NOT NULL,
        score REAL NOT NULL,
        since INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        exempt_until INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        instance TEXT NOT NULL,
        evidence TEXT NOT NULL,
        clear_requested_by TEXT,
        clear_exempt_hours REAL,
        clear_requested_at INTEGER,
        revision INTEGER NOT NULL
      );
      CREATE INDEX extraction_cases_revision ON extraction_cases (revision);
    `,
  },
  {
    version: 10,
    name: 'ledger rollups caught up in batches',
    up: `
      -- The rollups are no longer kept by a trigger per inserted row (about 14 us of the 32 us a ledger row cost):
      -- sqlite-ledger-rollups.ts adds the rows after rollup_progress.ledger_id in one grouped pass, at most about
      -- once a second from the ledger's own write transaction and before every read of a rollup.
      ${['60000', '3600000', '86400000'].map((resolution) => `DROP TRIGGER ledger_rollup_${resolution}; DROP TRIGGER ledger_traffic_rollup_${resolution};`).join('\n      ')}
      CREATE TABLE rollup_progress (id INTEGER PRIMARY KEY CHECK (id = 1), ledger_id INTEGER NOT NULL);
      -- Every row already in the ledger was rolled up by the triggers.
      INSERT INTO rollup_progress VALUES (1, (SELECT coalesce(max(id), 0) FROM ledger));
    `,
  },
];

/** The trigger that adds each new ledger row to its `traffic_rollup` bucket of one resolution. */
function trafficRollupTrigger(resolution: string): string {
  return `
    CREATE TRIGGER ledger_traffic_rollup_${resolution} AFTER INSERT ON ledger BEGIN
      INSERT INTO traffic_rollup VALUES (${resolution}, NEW.time_ms - NEW.time_ms % ${resolution}, NEW.tenant,
        coalesce(NEW.provider, ''), coalesce(NEW.jurisdiction, ''), coalesce(NEW.tier, ''), 1, NEW.outcome <> 'ok',
        NEW.refused_by IS NOT NULL, coalesce(NEW.cache_status = 'hit', 0), NEW.input_tokens, NEW.cached_input_tokens, NEW.output_tokens,
        NEW.cost_nano_usd, NEW.saved_cache_nano_usd, NEW.saved_prompt_cache_nano_usd, NEW.saved_compression_nano_usd,
        NEW.saved_cascade_nano_usd, NEW.latency_ms)
      ON CONFLICT DO UPDATE SET ${rollupSums()};
    END;`;
}

/** The upsert's `SET` list: every figure of the new bucket row added to the one stored. */
export function rollupSums(): string {
  return `requests = requests + excluded.requests, errors = errors + excluded.errors, refusals = refusals + excluded.refusals,
  cache_hits = cache_hits + excluded.cache_hits, input_tokens = input_tokens + excluded.input_tokens,
  cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens, output_tokens = output_tokens + excluded.output_tokens,
  cost_nano_usd = cost_nano_usd + excluded.cost_nano_usd, saved_cache_nano_usd = saved_cache_nano_usd + excluded.saved_cache_nano_usd,
  saved_prompt_cache_nano_usd = saved_prompt_cache_nano_usd + excluded.saved_prompt_cache_nano_usd,
  saved_compression_nano_usd = saved_compression_nano_usd + excluded.saved_compression_nano_usd,
  saved_cascade_nano_usd = saved_cascade_nano_usd + excluded.saved_cascade_nano_usd, latency_ms = latency_ms + excluded.latency_ms`;
}

/** The trigger that adds each new ledger row to its bucket of one resolution (and each refusing policy's). */
function usageRollupTrigger(resolution: string): string {
  return `
    CREATE TRIGGER ledger_rollup_${resolution} AFTER INSERT ON ledger BEGIN
      INSERT INTO usage_rollup VALUES (${resolution}, NEW.time_ms - NEW.time_ms % ${resolution}, NEW.tenant, NEW.key_id, NEW.model,
        coalesce(NEW.provider, ''), coalesce(NEW.jurisdiction, ''), coalesce(NEW.tier, ''), 1, NEW.outcome <> 'ok',
        NEW.refused_by IS NOT NULL, coalesce(NEW.cache_status = 'hit', 0), NEW.input_tokens, NEW.cached_input_tokens, NEW.output_tokens,
        NEW.cost_nano_usd, NEW.saved_cache_nano_usd, NEW.saved_prompt_cache_nano_usd, NEW.saved_compression_nano_usd,
        NEW.saved_cascade_nano_usd, NEW.latency_ms)
      ON CONFLICT DO UPDATE SET ${rollupSums()};
      INSERT INTO refusal_rollup
        SELECT ${resolution}, NEW.time_ms - NEW.time_ms % ${resolution}, NEW.tenant, value, 1 FROM json_each(NEW.refused_by)
        WHERE NEW.refused_by IS NOT NULL
      ON CONFLICT DO UPDATE SET requests = requests + 1;
    END;`;
}

function usageRollupBackfill(resolution: string): string {
  return `
    INSERT INTO usage_rollup
      SELECT ${resolution}, time_ms - time_ms % ${resolution}, tenant, key_id, model, coalesce(provider, ''), coalesce(jurisdiction, ''),
        coalesce(tier, ''), count(*), sum(outcome <> 'ok'), sum(refused_by IS NOT NULL), sum(coalesce(cache_status = 'hit', 0)),
        sum(input_tokens), sum(cached_input_tokens), sum(output_tokens), sum(cost_nano_usd), sum(saved_cache_nano_usd),
        sum(saved_prompt_cache_nano_usd), sum(saved_compression_nano_usd), sum(saved_cascade_nano_usd), sum(latency_ms)
      FROM ledger GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;`;
}
