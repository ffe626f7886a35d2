/**
 * Redis could not answer (away, or a command timed out). Thrown by the Redis-backed limiters so that the caller
 * applies the configured outage behaviour (`limits.redisOutage`) instead of answering 500.
 */
export class RedisUnavailableError extends Error {
    name = 'RedisUnavailableError';
}
/** Runs a Redis call, turning any failure into `RedisUnavailableError` (the client refuses at once while away). */
export async function whileRedisAnswers(ready, call) {
    if (!ready)
        throw new RedisUnavailableError('Redis is unavailable');
    try {
        return await call();
    }
    catch (error) {
        throw new RedisUnavailableError(`Redis did not answer: ${error.message}`, { cause: error });
    }
}
//# sourceMappingURL=redis-unavailable.js.map