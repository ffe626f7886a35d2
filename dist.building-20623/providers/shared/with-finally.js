/**
 * Yields everything `items` yields and calls `onExit` once iteration is over: finished, failed, or stopped by the
 * consumer (`break`, `return()`). Adapters use it to close the upstream response when the parsed stream ends.
 */
export async function* withFinally(items, onExit) {
    try {
        yield* items;
    }
    finally {
        onExit();
    }
}
//# sourceMappingURL=with-finally.js.map