/** One `Telemetry` over several (metrics and tracing), or the only one, or none. */
export function combineTelemetry(sources) {
    const active = sources.filter((source) => source !== undefined);
    if (active.length <= 1)
        return active[0];
    return {
        begin(context) {
            const parts = [];
            for (const source of active) {
                const part = source.begin(context);
                if (part)
                    parts.push(part);
            }
            return parts.length <= 1 ? parts[0] : combineRequests(parts);
        },
        wrapStage(name, stage) {
            let wrapped = stage;
            for (const source of active)
                if (source.wrapStage)
                    wrapped = source.wrapStage(name, wrapped);
            return wrapped;
        },
    };
}
function combineRequests(parts) {
    const traced = parts.find((part) => part.traceId !== undefined);
    return {
        traceId: traced?.traceId,
        spanId: traced?.spanId,
        attempt(candidate) {
            const attempts = parts.map((part) => part.attempt(candidate));
            let headers;
            for (const attempt of attempts)
                if (attempt.headers)
                    headers = { ...headers, ...attempt.headers };
            return {
                headers,
                answered: () => attempts.forEach((attempt) => attempt.answered()),
                failed: (error) => attempts.forEach((attempt) => attempt.failed(error)),
            };
        },
        replied(status) {
            for (const part of parts)
                part.replied(status);
        },
    };
}
//# sourceMappingURL=request-telemetry.js.map