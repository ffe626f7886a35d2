/**
 * Runs the context's finalizers once, last-registered first (the onion unwinding: accounting before audit).
 * A failing finalizer is logged and the others still run; the request's answer is never changed by it.
 */
export async function finalize(context, completion, logger) {
    if (context.completion)
        return;
    context.completion = completion;
    for (let index = context.finalizers.length - 1; index >= 0; index--) {
        try {
            await context.finalizers[index](completion);
        }
        catch (error) {
            logger.error({ requestId: context.requestId, err: error }, 'finalizer failed');
        }
    }
}
//# sourceMappingURL=finalize.js.map