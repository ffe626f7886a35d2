export function createPushChannel() {
    const items = [];
    let ended = false;
    let wake;
    const notify = () => {
        const waiting = wake;
        wake = undefined;
        waiting?.();
    };
    return {
        push(item) {
            if (ended)
                return;
            items.push(item);
            notify();
        },
        end() {
            ended = true;
            notify();
        },
        async *[Symbol.asyncIterator]() {
            for (;;) {
                if (items.length > 0) {
                    yield items.splice(0, items.length);
                    continue;
                }
                if (ended)
                    return;
                await new Promise((resolve) => {
                    wake = resolve;
                });
            }
        },
    };
}
//# sourceMappingURL=push-channel.js.map