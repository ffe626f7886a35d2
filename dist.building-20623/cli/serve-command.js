import { parseArgs } from 'node:util';
import { ConfigError } from "../server/config/load-config.js";
import { startGateway } from "../server/gateway.js";
import { StoreUnavailableError } from "../server/open-stores.js";
import { formatBanner } from "./banner.js";
const help = `Usage: sovereign serve [--config FILE] [--host HOST] [--port PORT] [--home DIR]

  --config FILE   configuration file (default: SOVEREIGN_CONFIG or config/default.yaml)
  --host HOST     bind address (default: HOST or 127.0.0.1; loopback unless you say otherwise)
  --port PORT     port (default: PORT or 8787)
  --home DIR      state directory (default: SOVEREIGN_HOME or ./.sovereign)

SIGTERM or SIGINT stops accepting requests and drains in-flight ones (server.shutdownGraceMs).`;
export async function serveCommand(argv) {
    const { values } = parseArgs({
        args: argv,
        options: {
            config: { type: 'string' },
            host: { type: 'string' },
            port: { type: 'string' },
            home: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        process.stdout.write(`${help}\n`);
        return 0;
    }
    const configFile = values.config ?? process.env.SOVEREIGN_CONFIG ?? 'config/default.yaml';
    let gateway;
    try {
        gateway = await startGateway({
            config: configFile,
            ...(values.home ? { home: values.home } : {}),
            ...(values.host ? { host: values.host } : {}),
            ...(values.port ? { port: Number(values.port) } : {}),
        });
    }
    catch (error) {
        if (error instanceof ConfigError) {
            process.stderr.write(`${error.message}\n`);
            return 78;
        }
        if (error instanceof StoreUnavailableError) {
            process.stderr.write(`sovereign: ${error.message}\n`);
            return 1;
        }
        const code = error.code;
        if (code === 'EADDRINUSE') {
            process.stderr.write(`sovereign: the port is already in use (${error.message}). Set PORT or --port.\n`);
            return 1;
        }
        throw error;
    }
    process.stderr.write(`${formatBanner(gateway, configFile)}\n`);
    await new Promise((resolve) => {
        const stop = (signal) => {
            process.stderr.write(`\n${signal}: draining in-flight requests (up to ${gateway.config.server.shutdownGraceMs} ms)...\n`);
            void gateway.shutdown().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
    });
    process.stderr.write('Stopped.\n');
    return 0;
}
//# sourceMappingURL=serve-command.js.map