/**
 * Composes stages onion-style, once at start-up. Calling `next()` twice in one stage is a programming error
 * and rejects, so a stage cannot dispatch a request twice by accident.
 * @see https://github.com/honojs/hono/blob/main/src/compose.ts
 */
export function compose(stages) {
    return function runPipeline(context) {
        let lastIndex = -1;
        function dispatch(index) {
            if (index <= lastIndex)
                return Promise.reject(new Error('next() called more than once in a pipeline stage'));
            lastIndex = index;
            const stage = stages[index];
            if (!stage)
                return Promise.resolve();
            try {
                return stage(context, () => dispatch(index + 1));
            }
            catch (error) {
                return Promise.reject(error);
            }
        }
        return dispatch(0);
    };
}
//# sourceMappingURL=compose.js.map