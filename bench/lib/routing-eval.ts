import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './parse-csv.ts';

/** One GSM8K prompt with whether each model answered it correctly. */
export interface RoutedPrompt {
  prompt: string;
  weakCorrect: boolean;
  strongCorrect: boolean;
  weakResponse: string;
}

const dataDirectory = fileURLToPath(new URL('../../../shared/data/routellm/', import.meta.url));
const weakModel = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
const strongModel = 'gpt-4-1106-preview';

/**
 * RouteLLM's GSM8K evaluation set (lm-sys/RouteLLM `routellm/evals/gsm8k`, Apache-2.0): 1,319 prompts with the
 * correctness of Mixtral-8x7B (weak) and GPT-4-1106 (strong), minus the prompts listed in
 * `gsm8k_contaminated_prompts.jsonl` (they overlap router training data). Read in place from `../shared/data`.
 */
export function loadRoutedPrompts(directory = dataDirectory): { prompts: RoutedPrompt[]; excluded: number } {
  const [header, ...rows] = parseCsv(readFileSync(`${directory}gsm8k_responses.csv`, 'utf8'));
  const column = (name: string): number => {
    const index = header?.indexOf(name) ?? -1;
    if (index < 0) throw new Error(`gsm8k_responses.csv has no column ${name}`);
    return index;
  };
  const [prompt, weak, strong, weakResponse] = [column('prompt'), column(weakModel), column(strongModel), column(`${weakModel}_response`)];
  const contaminated = new Set(
    readFileSync(`${directory}gsm8k_contaminated_prompts.jsonl`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { eval_prompt: string }).eval_prompt),
  );
  const all = rows.filter((row) => row.length > weakResponse).map((row) => ({ prompt: row[prompt]!, weakCorrect: row[weak] === 'True', strongCorrect: row[strong] === 'True', weakResponse: row[weakResponse]! }));
  const prompts = all.filter((item) => !contaminated.has(item.prompt));
  return { prompts, excluded: all.length - prompts.length };
}

/** A router: a score per prompt; the highest scores go to the strong model first. */
export interface Router {
  name: string;
  /** What the score is computed from, and what it costs to compute. */
  signal: string;
  score: (item: RoutedPrompt) => number;
}

/**
 * Two simple routers, fixed formulas (not fitted to this data):
 * - `prompt-length`: longer word problems tend to need more steps. Known before any model is called.
 * - `cascade`: the weak model answers every prompt first; its answer is escalated when it has no final
 *   `#### <answer>` line (the format the prompt set asks for), then the longest weak answers next. The weak call is
 *   paid for every prompt.
 */
export const routers: readonly Router[] = [
  { name: 'prompt-length', signal: 'prompt length in characters (before any model call)', score: (item) => item.prompt.length },
  {
    name: 'cascade',
    signal: "weak model's answer: no final '####' line first, then answer length (weak model always called)",
    score: (item) => (/####\s*\S/.test(item.weakResponse) ? 0 : 1_000_000) + item.weakResponse.length,
  },
];

export interface RoutingPoint {
  /** Share of prompts sent to the strong model. */
  strongShare: number;
  routerAccuracy: number;
  /** Expected accuracy of sending a uniformly random subset of that size to the strong model. */
  randomAccuracy: number;
  /** Performance gap recovered: (accuracy - weak) / (strong - weak). */
  routerPgr: number;
}

/** Accuracy of a router at each strong-model share, against random routing at the same share. */
export function evaluateRouter(prompts: readonly RoutedPrompt[], router: Router, shares: readonly number[]): RoutingPoint[] {
  const count = prompts.length;
  const weakAccuracy = prompts.filter((item) => item.weakCorrect).length / count;
  const strongAccuracy = prompts.filter((item) => item.strongCorrect).length / count;
  const order = prompts.map((item, index) => ({ index, score: router.score(item) })).sort((left, right) => right.score - left.score || left.index - right.index);
  return shares.map((share) => {
    const strong = new Set(order.slice(0, Math.round(share * count)).map((entry) => entry.index));
    const correct = prompts.reduce((sum, item, index) => sum + Number(strong.has(index) ? item.strongCorrect : item.weakCorrect), 0);
    const routerAccuracy = correct / count;
    return {
      strongShare: strong.size / count,
      routerAccuracy,
      randomAccuracy: weakAccuracy + (strong.size / count) * (strongAccuracy - weakAccuracy),
      routerPgr: (routerAccuracy - weakAccuracy) / (strongAccuracy - weakAccuracy),
    };
  });
}
