import { parseArgs } from 'node:util';

/** A whole-number option of a bench: its default and the least it accepts. */
export interface CountOption {
  default: number;
  min: number;
}

/**
 * The command line most benches take: `--json`, and whole-number options such as `--entries N`, each with a default
 * and a minimum. Parsed with `node:util` `parseArgs` like the other benches (an unknown option is refused); a count
 * that is not a whole number at least its minimum prints why on stderr and exits with status 2.
 */
export function parseCountOptions<Name extends string>(counts: Record<Name, CountOption>, argv: string[] = process.argv.slice(2)): { json: boolean } & Record<Name, number> {
  const names = Object.keys(counts) as Name[];
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, ...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])) },
  });
  const parsed: Record<string, number | boolean> = { json: values.json === true };
  for (const name of names) {
    const given = (values as Record<string, string | boolean | undefined>)[name];
    const value = typeof given === 'string' ? Number(given) : counts[name].default;
    if (!Number.isInteger(value) || value < counts[name].min) {
      process.stderr.write(`--${name} takes an integer of at least ${counts[name].min}\n`);
      process.exit(2);
    }
    parsed[name] = value;
  }
  return parsed as { json: boolean } & Record<Name, number>;
}
