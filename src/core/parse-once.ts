/**
 * The zod parse options for a schema parsed once or rarely (configuration, policies, jurisdictions data): no
 * compiled fast path. zod compiles a parser for each object schema the first time it parses synchronously; that pays
 * off for request bodies parsed thousands of times, but for a configuration with hundreds of object schemas parsed
 * once at start-up the compiling costs more than it saves (about half of the configuration's validation time).
 */
export const parseOnce = { jitless: true } as const;
