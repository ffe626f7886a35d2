import type { TauTrajectory } from './tau-bench.ts';

/** An OpenAI chat completions tool definition. */
export interface OpenAITool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/**
 * The trajectories record the agent's tool calls but not the tool definitions it was given, so the replay
 * rebuilds them from what it sees: for each tool called anywhere in the data, a JSON Schema inferred from every
 * argument object it was called with (types, nested objects and arrays, `required` = keys present in every
 * call), sorted by name as tau-bench lists its airline tools. The real definitions also carry descriptions, so the
 * real tools block is larger than this one; it is the same for every technique, and part of the cacheable prefix.
 */
export function inferToolSchemas(trajectories: readonly TauTrajectory[]): OpenAITool[] {
  const samples = new Map<string, unknown[]>();
  for (const trajectory of trajectories) {
    for (const message of trajectory.traj) {
      for (const call of message.tool_calls ?? []) {
        const list = samples.get(call.function.name) ?? [];
        try {
          list.push(JSON.parse(call.function.arguments));
        } catch {
          // An unparseable argument string teaches nothing about the schema.
        }
        samples.set(call.function.name, list);
      }
    }
  }
  return [...samples.keys()].sort().map((name) => ({
    type: 'function',
    function: { name, description: `The ${name.replaceAll('_', ' ')} tool of the tau-bench airline domain.`, parameters: schemaOf(samples.get(name) ?? [{}]) },
  }));
}

function schemaOf(values: unknown[]): Record<string, unknown> {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.length === 0) return {};
  if (present.every((value) => typeof value === 'object' && !Array.isArray(value))) {
    const records = present as Array<Record<string, unknown>>;
    const keys = [...new Set(records.flatMap((record) => Object.keys(record)))];
    const properties = Object.fromEntries(keys.map((key) => [key, schemaOf(records.map((record) => record[key]))]));
    const required = keys.filter((key) => records.every((record) => key in record));
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }
  if (present.every(Array.isArray)) return { type: 'array', items: schemaOf((present as unknown[][]).flat()) };
  if (present.every((value) => typeof value === 'string')) return { type: 'string' };
  if (present.every((value) => typeof value === 'boolean')) return { type: 'boolean' };
  if (present.every((value) => Number.isInteger(value))) return { type: 'integer' };
  if (present.every((value) => typeof value === 'number')) return { type: 'number' };
  return {};
}
