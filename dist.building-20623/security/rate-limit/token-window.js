/**
 * Tokens admitted over a sliding window, counted in `slotCount` slots of `slotMs` each (60 slots of one second
 * for a minute): the tokens of a slot leave the window `slotCount` slots after it, so what a request was charged
 * can later be corrected in its own slot while that slot is still in the window. O(1) per call, amortised.
 */
export class TokenWindow {
    slotCount;
    slotMs;
    counts;
    /** The absolute index (time / slotMs) of the newest slot. */
    newest = Number.NEGATIVE_INFINITY;
    /** Tokens in the window. */
    total = 0;
    constructor(slotCount, slotMs) {
        this.slotCount = slotCount;
        this.slotMs = slotMs;
        this.counts = new Array(slotCount).fill(0);
    }
    /** The absolute slot of a time. */
    slotOf(time) {
        return Math.floor(time / this.slotMs);
    }
    /** Moves the window to `time`, dropping the slots that left it. */
    advance(time) {
        const slot = this.slotOf(time);
        if (slot <= this.newest)
            return;
        if (slot - this.newest >= this.slotCount) {
            this.counts.fill(0);
            this.total = 0;
        }
        else {
            for (let index = this.newest + 1; index <= slot; index++) {
                const position = index % this.slotCount;
                this.total -= this.counts[position];
                this.counts[position] = 0;
            }
        }
        this.newest = slot;
    }
    /** Adds (or, negative, removes) tokens in `slot` if that slot is still in the window; false when it left it. */
    add(slot, tokens) {
        if (slot > this.newest || slot <= this.newest - this.slotCount)
            return false;
        const position = slot % this.slotCount;
        const value = Math.max(0, this.counts[position] + tokens);
        this.total += value - this.counts[position];
        this.counts[position] = value;
        return true;
    }
    /** Milliseconds from `time` (the window advanced to it) until `tokens` more fit under `limit`: 0 now. */
    waitFor(time, tokens, limit) {
        let excess = this.total + tokens - limit;
        if (excess <= 0)
            return 0;
        for (let slot = this.newest - this.slotCount + 1; slot <= this.newest; slot++) {
            excess -= this.counts[slot % this.slotCount];
            if (excess <= 0)
                return (slot + this.slotCount) * this.slotMs - time;
        }
        return Number.POSITIVE_INFINITY;
    }
    /** True once every slot has left the window at `time`. */
    isIdle(time) {
        return this.total <= 0 || this.slotOf(time) - this.newest >= this.slotCount;
    }
}
//# sourceMappingURL=token-window.js.map