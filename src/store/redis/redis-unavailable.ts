/**
 * Redis could not answer (away, or a command timed out). Thrown by the Redis-backed limiters so that the caller
 * applies the configured outage behaviour (`limits.redisOutage`) instead of answering 500.
 */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** Runs a Redis call, turning any failure into `RedisUnavailableError` (the client refuses at once while away). */
export async function whileRedisAnswers<Result>(ready: boolean, call: () => Promise<Result>): Promise<Result> {
  if (!ready) throw new RedisUnavailableError('Redis is unavailable');
  try {
    return await call();
  } catch (error) {
    throw new RedisUnavailableError(`Redis did not answer: ${(error as Error).message}`, { cause: error });
  }
}
