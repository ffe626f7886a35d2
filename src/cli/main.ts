const usage = `Usage: sovereign <command> [options]

Commands:
  serve      Start the gateway (default config: config/default.yaml, or SOVEREIGN_CONFIG)
  simulate   Start the provider simulator alone (OpenAI, Anthropic, Gemini and Ollama dialects)
  doctor     Check a configuration file and the environment, start nothing
  explain    Dry-run a request file through profile, policies and router; print the explained decision
  keys       Create, list, revoke and rotate virtual keys (sovereign keys --help)
  usage      Usage and cost from the ledger, grouped (sovereign usage --help)
  audit      Verify the signed audit log, export it with inclusion proofs, print its public key
  extraction List, show and clear the extraction guard's cases (sovereign extraction --help)
  mcp        Serve Sovereign's MCP tools over stdio; list and approve upstream tool definitions (sovereign mcp --help)

Run "sovereign <command> --help" for the command's options.`;

/**
 * Runs the CLI; returns the process exit code. Each command's module is loaded only when that command runs, so
 * `sovereign keys` does not load the gateway and `sovereign serve` does not load the other commands.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return (await import('./serve-command.ts')).serveCommand(rest);
    case 'simulate':
      return (await import('./simulate-command.ts')).simulateCommand(rest);
    case 'doctor':
      return (await import('./doctor-command.ts')).doctorCommand(rest);
    case 'explain':
      return (await import('./explain-command.ts')).explainCommand(rest);
    case 'keys':
      return (await import('./keys-command.ts')).keysCommand(rest);
    case 'usage':
      return (await import('./usage-command.ts')).usageCommand(rest);
    case 'audit':
      return (await import('./audit-command.ts')).auditCommand(rest);
    case 'extraction':
      return (await import('./extraction-command.ts')).extractionCommand(rest);
    case 'mcp':
      return (await import('./mcp-command.ts')).mcpCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${usage}\n`);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`sovereign: unknown command "${command}"\n\n${usage}\n`);
      return 2;
  }
}
