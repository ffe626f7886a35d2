import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { toolPinFile } from '../mcp/gateway-mcp.ts';
import { createSovereignMcpServer } from '../mcp/sovereign-mcp-server.ts';
import { openToolPinStore } from '../mcp/upstream/tool-pins.ts';
import { hasEndpointScope } from '../security/keys/check-scope.ts';
import { ConfigError } from '../server/config/load-config.ts';
import { createLogger } from '../server/logger.ts';
import { formatTable, processIo, type CommandIo } from './keys-command.ts';

const help = `Usage: sovereign mcp [--config FILE] [--home DIR]          serve Sovereign's MCP tools over stdio
       sovereign mcp pending [--home DIR] [--json]        upstream tool definitions waiting for approval
       sovereign mcp approve [--server ID] [--tool NAME] [--home DIR]
                                                          approve them (all pending ones unless narrowed)

  Over stdio the caller is the virtual key in SOVEREIGN_MCP_KEY (it needs the "mcp" scope); the gateway runs in
  this process (on a free loopback port) and logs to stderr. An approval takes effect on the running gateway's
  next tool list (the approved definitions are in <home>/mcp-tool-pins.json).`;

const homeOf = (home: string | undefined, env: Record<string, string | undefined>) => resolve(home ?? env.SOVEREIGN_HOME ?? '.sovereign');

/** `sovereign mcp`: Sovereign's MCP server over stdio, and the approval of upstream tool definitions. */
export async function mcpCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'pending' || sub === 'approve') {
    let values;
    try {
      ({ values } = parseArgs({ args: rest, options: { home: { type: 'string' }, server: { type: 'string' }, tool: { type: 'string' }, json: { type: 'boolean' } } }));
    } catch (error) {
      io.err(`sovereign mcp ${sub}: ${(error as Error).message}\n${help}\n`);
      return 2;
    }
    const pins = openToolPinStore(toolPinFile(homeOf(values.home, io.env)));
    if (sub === 'pending') {
      const pending = pins.pending();
      if (values.json) io.out(`${JSON.stringify(pending, null, 2)}\n`);
      else if (pending.length === 0) io.out('No tool definition waits for approval.\n');
      else io.out(`${formatTable(['SERVER', 'TOOL', 'KIND', 'SINCE', 'HASH'], pending.map((entry) => [entry.server, entry.tool, entry.previous ? 'changed' : 'new', entry.firstSeen, entry.hash.slice(0, 16)]))}\n`);
      return 0;
    }
    const approved = pins.approve({ ...(values.server ? { server: values.server } : {}), ...(values.tool ? { tool: values.tool } : {}) });
    if (approved.length === 0) {
      io.err('sovereign mcp approve: nothing pending matches (see sovereign mcp pending).\n');
      return 1;
    }
    for (const entry of approved) io.out(`approved ${entry.server}__${entry.tool} (${entry.previous ? 'changed' : 'new'} definition ${entry.hash.slice(0, 16)})\n`);
    return 0;
  }
  if (sub === '-h' || sub === '--help' || sub === 'help') {
    io.out(`${help}\n`);
    return 0;
  }
  return serveStdioCommand(argv, io);
}

async function serveStdioCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { config: { type: 'string' }, home: { type: 'string' } } }));
  } catch (error) {
    io.err(`sovereign mcp: ${(error as Error).message}\n${help}\n`);
    return 2;
  }
  const secret = io.env.SOVEREIGN_MCP_KEY;
  if (!secret) {
    io.err('sovereign mcp: set SOVEREIGN_MCP_KEY to the virtual key the MCP client acts as.\n');
    return 2;
  }
  const { startGateway } = await import('../server/gateway.ts');
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  const configFile = values.config ?? io.env.SOVEREIGN_CONFIG ?? 'config/default.yaml';
  let gateway;
  try {
    // stdout is the MCP channel: the gateway logs to stderr.
    gateway = await startGateway({
      config: configFile,
      host: '127.0.0.1',
      port: 0,
      ...(values.home ? { home: values.home } : {}),
      logger: createLogger({ level: io.env.LOG_LEVEL ?? 'warn', destination: pino.destination(2) }),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
  const principal = gateway.services.keys.authenticate(secret);
  const refusal = !principal ? 'the key in SOVEREIGN_MCP_KEY is not valid' : !hasEndpointScope(principal, 'mcp') ? 'the key in SOVEREIGN_MCP_KEY lacks the "mcp" scope' : !gateway.mcp ? 'MCP is disabled (mcp.enabled: false)' : undefined;
  if (refusal || !principal || !gateway.mcp) {
    io.err(`sovereign mcp: ${refusal}.\n`);
    await gateway.shutdown(0);
    return 1;
  }
  const providers = gateway.mcp.providers;
  const caller = { principal, declarations: {}, transport: 'stdio' as const };
  const handle = serveStdio(() => createSovereignMcpServer(caller, providers));
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.stdin.once('end', stop);
    process.stdin.once('close', stop);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await handle.close();
  await gateway.shutdown(0);
  return 0;
}
