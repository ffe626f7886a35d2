function toHold(row) {
    return {
        id: row.id,
        kind: row.kind,
        time: row.time_ms,
        scopes: JSON.parse(row.scopes),
        periods: JSON.parse(row.periods),
        nanoUsd: row.nano_usd,
        tokens: row.tokens,
    };
}
/**
 * Budget spend counters in the `budget_spend` table (migration 2) and holds in `spend_holds` (migration 5); a batch
 * is one transaction.
 */
export function createSqliteSpendRepository(database) {
    const upsert = database.prepare(`
    INSERT INTO budget_spend (scope, period, nano_usd, tokens, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (scope, period) DO UPDATE SET
      nano_usd = nano_usd + excluded.nano_usd, tokens = tokens + excluded.tokens, updated_at = excluded.updated_at`);
    const select = database.prepare('SELECT nano_usd, tokens FROM budget_spend WHERE scope = ? AND period = ?');
    const insertHold = database.prepare('INSERT INTO spend_holds (id, kind, time_ms, scopes, periods, nano_usd, tokens) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const openHold = database.prepare('SELECT * FROM spend_holds WHERE id = ? AND settled = 0');
    const openHolds = database.prepare('SELECT * FROM spend_holds WHERE settled = 0');
    const deleteHold = database.prepare('DELETE FROM spend_holds WHERE id = ?');
    const settleHold = database.prepare('UPDATE spend_holds SET settled = 1, nano_usd = ?, tokens = ? WHERE id = ?');
    const holdsSince = database.prepare('SELECT * FROM spend_holds WHERE kind = ? AND time_ms >= ? ORDER BY time_ms');
    const holdsOfScopeSince = database.prepare('SELECT * FROM spend_holds WHERE kind = ? AND time_ms >= ? AND EXISTS (SELECT 1 FROM json_each(spend_holds.scopes) WHERE value = ?) ORDER BY time_ms');
    const prune = database.prepare('DELETE FROM spend_holds WHERE settled = 1 AND time_ms < ?');
    function book(bookings, scope, period, nanoUsd, tokens) {
        if (nanoUsd === 0 && tokens === 0)
            return;
        const key = `${scope}\u0000${period}`;
        const existing = bookings.get(key);
        if (existing) {
            existing.nanoUsd += nanoUsd;
            existing.tokens += tokens;
        }
        else
            bookings.set(key, { scope, period, nanoUsd, tokens });
    }
    function settle(bookings, row, nanoUsd, tokens) {
        if (row.kind !== 'budget') {
            settleHold.run(nanoUsd, tokens, row.id);
            return;
        }
        deleteHold.run(row.id);
        const periods = JSON.parse(row.periods);
        for (const scope of JSON.parse(row.scopes))
            for (const period of periods)
                book(bookings, scope, period, nanoUsd, tokens);
    }
    function write(bookings, at) {
        for (const delta of bookings.values())
            upsert.run(delta.scope, delta.period, delta.nanoUsd, delta.tokens, at);
    }
    const commitAll = database.transaction((batch, at) => {
        for (const hold of batch.holds ?? []) {
            insertHold.run(hold.id, hold.kind, hold.time, JSON.stringify(hold.scopes), JSON.stringify(hold.periods), hold.nanoUsd, hold.tokens);
        }
        const bookings = new Map();
        for (const settlement of batch.settlements ?? []) {
            const row = openHold.get(settlement.id);
            if (row)
                settle(bookings, row, settlement.nanoUsd, settlement.tokens);
        }
        for (const delta of batch.deltas ?? [])
            book(bookings, delta.scope, delta.period, delta.nanoUsd, delta.tokens);
        write(bookings, at);
    });
    const settleAll = database.transaction((at, only) => {
        const rows = only ? openHolds.all().filter((row) => only(toHold(row))) : openHolds.all();
        const bookings = new Map();
        for (const row of rows)
            settle(bookings, row, row.nano_usd, row.tokens);
        write(bookings, at);
        return rows.length;
    });
    return {
        async commit(batch, at) {
            if ((batch.holds?.length ?? 0) + (batch.settlements?.length ?? 0) + (batch.deltas?.length ?? 0) > 0)
                commitAll(batch, at);
        },
        async get(scope, period) {
            const row = select.get(scope, period);
            return { nanoUsd: row?.nano_usd ?? 0, tokens: row?.tokens ?? 0 };
        },
        async settleOpenHolds(at, only) {
            return settleAll(at, only);
        },
        async holdsSince(kind, since, scope) {
            return (scope === undefined ? holdsSince.all(kind, since) : holdsOfScopeSince.all(kind, since, scope)).map(toHold);
        },
        async prune(before) {
            prune.run(before);
        },
    };
}
//# sourceMappingURL=sqlite-spend-repository.js.map