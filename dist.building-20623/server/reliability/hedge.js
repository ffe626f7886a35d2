/**
 * Hedged requests: start the first leg; if it has not answered within `delayMs`, start the second as well;
 * use whichever answers first and abort the other, so its provider sees the connection close. A leg that fails
 * leaves the field to the other. "Answers" means the leg's promise resolved: for a stream, its first content.
 * @see https://research.google/pubs/the-tail-at-scale/
 */
export async function hedge(options) {
    const controllers = [new AbortController(), new AbortController()];
    const errors = [undefined, undefined];
    const settle = (index) => options.start(index, AbortSignal.any([options.signal, controllers[index].signal])).then((value) => ({ index, ok: true, value }), (error) => ({ index, ok: false, error }));
    const first = settle(0);
    let timer;
    const delay = new Promise((resolve) => {
        timer = setTimeout(() => resolve('hedge'), options.delayMs);
    });
    const early = await Promise.race([first, delay]);
    clearTimeout(timer);
    if (early !== 'hedge')
        return alone(early, errors);
    if (options.signal.aborted || !options.mayStartSecond())
        return alone(await first, errors);
    const second = settle(1);
    const legs = [first, second];
    for (let pending = 2; pending > 0; pending--) {
        const settled = await Promise.race(legs);
        legs.splice(legs.indexOf(settled.index === 0 ? first : second), 1);
        if (!settled.ok) {
            errors[settled.index] = settled.error;
            continue;
        }
        const loser = settled.index === 0 ? 1 : 0;
        if (pending === 2) {
            controllers[loser].abort();
            void (loser === 0 ? first : second).then((late) => {
                if (late.ok)
                    options.discard(late.value);
            });
            return { winner: settled.index, value: settled.value, secondStarted: true, cancelled: loser, errors };
        }
        return { winner: settled.index, value: settled.value, secondStarted: true, errors };
    }
    return { winner: -1, secondStarted: true, errors };
}
function alone(settled, errors) {
    if (settled.ok)
        return { winner: 0, value: settled.value, secondStarted: false, errors };
    errors[0] = settled.error;
    return { winner: -1, secondStarted: false, errors };
}
//# sourceMappingURL=hedge.js.map