import { ConfigError } from "./load-config.js";
/**
 * `SOVEREIGN_DATABASE_URL` / `store.postgres.url` and `SOVEREIGN_REDIS_URL` / `store.redis.url`. A malformed
 * variable is refused like a bad configuration value (ConfigError naming the variable, never its value, which may
 * hold a password).
 */
export function resolveStoreUrls(config, env, file = 'environment') {
    const problems = [];
    const pick = (variable, configured, pattern, expected) => {
        const fromEnv = env[variable]?.trim();
        if (fromEnv) {
            if (!pattern.test(fromEnv))
                problems.push(`${variable}: must be a ${expected} URL`);
            return fromEnv;
        }
        return configured ? configured : undefined;
    };
    const postgres = pick('SOVEREIGN_DATABASE_URL', config?.store.postgres.url, /^postgres(ql)?:\/\/\S+$/, 'postgres:// or postgresql://');
    const redis = pick('SOVEREIGN_REDIS_URL', config?.store.redis.url, /^rediss?:\/\/\S+$/, 'redis:// or rediss://');
    if (problems.length > 0)
        throw new ConfigError(file, problems);
    return { ...(postgres ? { postgres } : {}), ...(redis ? { redis } : {}) };
}
//# sourceMappingURL=store-urls.js.map