/**
 * Gateway overhead benchmark: Sovereign with its full pipeline against the upstream called directly, a
 * minimal Node pass-through proxy (the floor) and the Portkey gateway, at fixed rates and concurrencies,
 * non-streaming and streaming, plus memory per idle stream. See bench/overhead/ and `--help`.
 *
 *   npm run bench -- overhead [--json] [--quick | --smoke] [--no-portkey]
 */
import { runOverhead } from './overhead/run-overhead.ts';

process.exitCode = await runOverhead(process.argv.slice(2));
