/**
 * The benchmark's upstream, run as its own process: the provider simulator answering instantly (see
 * `bench-models.ts`) on 127.0.0.1 at the port given as the first argument.
 *
 *   node --import tsx bench/overhead/upstream-main.ts PORT
 */
import { startSimulator } from '../../src/sim/simulator.ts';
import { simulatedModels } from './bench-models.ts';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: upstream-main.ts PORT');
const simulator = await startSimulator({ host: '127.0.0.1', port, models: simulatedModels, strictModels: true });
process.stdout.write(`simulator listening on ${simulator.url}\n`);
// The simulator keeps every request it received (for tests); a benchmark sends hundreds of thousands, and a
// growing heap would put ever longer GC pauses into the baseline.
setInterval(() => simulator.reset(), 1000).unref();
const stop = () => void simulator.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
