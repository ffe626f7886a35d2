import { serveCommand } from './serve-command.ts';
import { simulateCommand } from './simulate-command.ts';
import { doctorCommand } from './doctor-command.ts';
import { auditCommand } from './audit-command.ts';
import { keysCommand } from './keys-command.ts';
import { usageCommand } from './usage-command.ts';
import { explainCommand } from './explain-command.ts';

const usage = `Usage: sovereign <command> [options]

Commands:
  serve      Start the gateway (default config: config/default.yaml, or SOVEREIGN_CONFIG)
  simulate   Start the provider simulator alone (OpenAI, Anthropic, Gemini and Ollama dialects)
  doctor     Check a configuration file and the environment, start nothing
  explain    Dry-run a request file through profile, policies and router; print the explained decision
  keys       Create, list, revoke and rotate virtual keys (sovereign keys --help)
  usage      Usage and cost from the ledger, grouped (sovereign usage --help)
  audit      Verify the signed audit log, export it with inclusion proofs, print its public key

Run "sovereign <command> --help" for the command's options.`;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(rest);
    case 'simulate':
      return simulateCommand(rest);
    case 'doctor':
      return doctorCommand(rest);
    case 'explain':
      return explainCommand(rest);
    case 'keys':
      return keysCommand(rest);
    case 'usage':
      return usageCommand(rest);
    case 'audit':
      return auditCommand(rest);
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
