import { sameCandidateDelayMs } from "./retry-policy.js";
/**
 * Which candidate dispatch calls next, and when. Candidates are the decision's, by position; the schedule only
 * ever hands out those positions, so no call can reach a provider the router did not allow.
 *
 * The next call goes to the candidate that may be called soonest, the decision's order breaking ties: after a
 * failure the next candidate (ready at once) goes before a retry of the failed one (ready after its backoff or
 * `retry-after`), and with one candidate left dispatch waits for its retry. Created only once a first call failed,
 * so a request answered at the first call allocates none of this.
 */
export class AttemptSchedule {
    size;
    policy;
    random;
    /** Calls made per candidate. */
    attempts;
    /** Epoch ms from which each candidate may be called; Infinity when it is out for this request. */
    notBefore;
    total = 0;
    failures = [];
    /** Providers skipped because their circuit was open. */
    skipped = [];
    constructor(size, policy, random = Math.random) {
        this.size = size;
        this.policy = policy;
        this.random = random;
        this.attempts = new Uint8Array(size);
        this.notBefore = new Float64Array(size);
    }
    /** Calls made so far over every candidate. */
    get attemptsMade() {
        return this.total;
    }
    /** The position of the candidate to call next, or -1 when none may be called any more. */
    next() {
        if (this.total >= this.policy.maxAttempts)
            return -1;
        let best = -1;
        for (let index = 0; index < this.size; index++) {
            const at = this.notBefore[index];
            if (at === Number.POSITIVE_INFINITY || this.attempts[index] >= this.policy.maxAttemptsPerCandidate)
                continue;
            if (best === -1 || at < this.notBefore[best])
                best = index;
        }
        return best;
    }
    /** Epoch ms from which the candidate may be called. */
    readyAt(index) {
        return this.notBefore[index];
    }
    /** Counts a call about to be made. */
    started(index) {
        this.attempts[index]++;
        this.total++;
    }
    /** Records a retryable failure: the candidate is ready again after its delay, or out for this request. */
    failed(index, providerId, error, now) {
        this.failures.push({ providerId, error });
        const delay = sameCandidateDelayMs(error, this.attempts[index], this.policy, this.random);
        this.notBefore[index] = delay < 0 ? Number.POSITIVE_INFINITY : now + delay;
    }
    /** Takes a candidate out for this request (circuit open, or a dialect that cannot continue). */
    exclude(index) {
        this.notBefore[index] = Number.POSITIVE_INFINITY;
    }
    /** Marks a candidate that was never called because its circuit was open. */
    skip(index, providerId) {
        this.exclude(index);
        this.skipped.push(providerId);
    }
}
//# sourceMappingURL=attempt-schedule.js.map