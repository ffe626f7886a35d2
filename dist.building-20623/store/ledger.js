import { createGroupCommit } from "./group-commit.js";
/**
 * The ledger over a repository: entries recorded during one event-loop turn (or `delayMs`) are written in one
 * transaction (see `createGroupCommit`), so the cost of a commit is shared by every request of the batch.
 */
export function createLedger(repository, options = {}) {
    const commits = createGroupCommit('ledger', (entries) => repository.insertBatch(entries), options);
    return {
        record: (entry) => commits.add(entry),
        async usage(query) {
            await commits.flush();
            return repository.usage(query);
        },
        flush: () => commits.flush(),
        close: () => commits.close(),
        get pending() {
            return commits.pending;
        },
    };
}
//# sourceMappingURL=ledger.js.map