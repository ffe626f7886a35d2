import { randomBytes } from 'node:crypto';
import { createGroupCommit } from "./group-commit.js";
/** The spend journal over a repository (see `SpendJournal`). */
export function createSpendJournal(repository, options = {}) {
    const now = options.now ?? Date.now;
    const keepSettledMs = options.keepSettledMs ?? 120_000;
    const onError = options.onError ?? ((error) => process.emitWarning(error));
    const bootId = randomBytes(6).toString('hex');
    let sequence = 0;
    let loose = new Map();
    let retrying = [];
    let lastPrune = now();
    const commits = createGroupCommit('spend journal', async (items) => {
        const holds = [];
        // Settlements that failed before go first: their holds were committed by an earlier batch.
        const settlements = retrying;
        retrying = [];
        for (const item of items) {
            if ('hold' in item)
                holds.push(item.hold);
            else if ('settlement' in item)
                settlements.push(item.settlement);
        }
        const deltas = loose;
        loose = new Map();
        try {
            await repository.commit({ holds, settlements, deltas: [...deltas.values()] }, now());
        }
        catch (error) {
            retrying = [...settlements.filter((settlement) => !holds.some((hold) => hold.id === settlement.id)), ...retrying];
            for (const delta of deltas.values())
                merge(delta);
            throw error;
        }
    }, options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch });
    function merge(delta) {
        const key = `${delta.scope}|${delta.period}`;
        const existing = loose.get(key);
        if (existing) {
            existing.nanoUsd += delta.nanoUsd;
            existing.tokens += delta.tokens;
        }
        else
            loose.set(key, { ...delta });
    }
    // Every item of a failed batch is rejected with the same error: report it once.
    let reported;
    function background(item) {
        commits.add(item).catch((error) => {
            if (error === reported)
                return;
            reported = error;
            onError(error);
        });
    }
    async function flush() {
        if (loose.size > 0 || retrying.length > 0)
            background({ tick: true });
        await commits.flush();
    }
    const timer = setInterval(() => {
        if (loose.size > 0 || retrying.length > 0)
            background({ tick: true });
        const time = now();
        if (time - lastPrune >= keepSettledMs) {
            lastPrune = time;
            repository.prune(time - keepSettledMs).catch(onError);
        }
    }, options.flushIntervalMs ?? 1_000);
    timer.unref?.();
    return {
        bootId,
        nextId: () => `${bootId}.${(++sequence).toString(36)}`,
        hold: (hold) => commits.add({ hold }),
        settle(settlement) {
            background({ settlement });
        },
        add(delta) {
            if (delta.nanoUsd !== 0 || delta.tokens !== 0)
                merge(delta);
        },
        async totals(scope, period) {
            await flush();
            return repository.get(scope, period);
        },
        async holds(kind, since, scope) {
            await flush();
            return repository.holdsSince(kind, since, scope);
        },
        async recover(since, only) {
            await flush();
            const settled = await repository.settleOpenHolds(now(), only);
            return { settled, rateHolds: await repository.holdsSince('rate', since) };
        },
        flush,
        async close() {
            clearInterval(timer);
            await flush();
            await commits.close();
        },
    };
}
//# sourceMappingURL=spend-journal.js.map