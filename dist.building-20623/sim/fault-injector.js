/**
 * Holds the faults injected into a simulator and hands one out per matching request, oldest first. A fault
 * with `times` is used up after that many requests; one without stays until `clear()`.
 */
export class FaultInjector {
    faults = [];
    inject(spec) {
        this.faults.push({ spec: { ...spec }, left: spec.times ?? Number.POSITIVE_INFINITY });
    }
    clear() {
        this.faults = [];
    }
    /** The faults still pending, as injected. */
    list() {
        return this.faults.map((fault) => ({ ...fault.spec }));
    }
    /** Takes the first fault that matches a request, counting it as used; `undefined` when none matches. */
    take(dialect, model) {
        const index = this.faults.findIndex(({ spec }) => (spec.dialect === undefined || spec.dialect === dialect) && (spec.model === undefined || spec.model === model));
        const found = this.faults[index];
        if (!found)
            return undefined;
        found.left--;
        if (found.left <= 0)
            this.faults.splice(index, 1);
        return { ...found.spec, retryAfterSeconds: found.spec.retryAfterSeconds ?? 1, afterChunks: found.spec.afterChunks ?? 2 };
    }
}
//# sourceMappingURL=fault-injector.js.map