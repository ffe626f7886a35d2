import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One message as tau-bench recorded it (OpenAI chat format; `content` is null on tool-call turns). */
export interface TauMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
}

/** One recorded run of one airline task. */
export interface TauTrajectory {
  task_id: number;
  trial: number;
  reward: number;
  traj: TauMessage[];
}

/**
 * `../shared/data/tau-bench/gpt-4o-airline.json` from the project root: 200 trajectories (50 airline tasks x 4
 * trials) of gpt-4o as a tau-bench agent. sierra-research/tau-bench `historical_trajectories/gpt-4o-airline.json`
 * at commit 59a200c6, MIT. Read in place, never copied into the repository.
 */
export const tauBenchAirlinePath = fileURLToPath(new URL('../../../shared/data/tau-bench/gpt-4o-airline.json', import.meta.url));

export function loadTauTrajectories(path = tauBenchAirlinePath): TauTrajectory[] {
  return JSON.parse(readFileSync(path, 'utf8')) as TauTrajectory[];
}
