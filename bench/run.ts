/**
 * The `npm run bench -- NAME [args]` dispatcher: runs `bench/NAME.ts` with `args` as its command line.
 * Known benchmarks are the `.ts` files next to this one; an unknown or missing name lists them.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchFolder = fileURLToPath(new URL('.', import.meta.url));

/** The benchmark names available: every `bench/*.ts` but this dispatcher. */
export function availableBenchmarks(): string[] {
  return readdirSync(benchFolder)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'run.ts')
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

/** Runs one benchmark; the benchmark sets `process.exitCode` itself. Returns 2 for an unknown name. */
export async function runBench(argv: string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  const available = availableBenchmarks();
  if (name === undefined || name === '--help' || name === '-h' || !available.includes(name)) {
    const lead = name === undefined || name.startsWith('-') ? 'Usage: npm run bench -- NAME [args]' : `Unknown benchmark "${name}". Usage: npm run bench -- NAME [args]`;
    process.stderr.write(`${lead}\n\nAvailable: ${available.join(', ')}\n`);
    return name === '--help' || name === '-h' ? 0 : 2;
  }
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  process.argv = [process.argv[0]!, file, ...rest];
  await import(pathToFileURL(file).href);
  return undefined;
}
