import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../parse-csv.ts';
import { loadTauTrajectories } from '../tau-bench.ts';

/** A GSM8K problem with the token lengths of real answers to it. */
export interface MathItem {
  question: string;
  /** GPT-4-1106's answer length in tokens (about 4 characters each). */
  answerTokens: number;
  /** Mixtral-8x7B's answer: the kind of text a grader is asked to grade. */
  weakAnswer: string;
}

/** One request of a recorded agent conversation: the user turn it answers, its depth and its answer's length. */
export interface AgentTurn {
  userText: string;
  depth: number;
  outputTokens: number;
  /** What preceded it: a tool result (the agent continues at once) or a user message (a person typed). */
  after: 'tool' | 'user';
  inputChars: number;
}

export interface AgentConversation {
  turns: AgentTurn[];
}

/** The real prompts normal principals are built from. */
export interface BenignSources {
  /** What they are: for the report. */
  label: string;
  /** General questions people ask (QQP). */
  questions: string[];
  math: MathItem[];
  /** tau-bench airline conversations, replayed turn by turn. */
  conversations: AgentConversation[];
  agentSystemPrompt: string;
  agentTools: string[];
}

const dataDirectory = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

/**
 * The QQP question pairs of `../shared/data/qqp/dev.jsonl` (16,000 pairs). Pairs 0-11,999 are the tuning split
 * the detector was tuned on; pairs 12,000-15,999 are held out (`heldOutQuestions`), never used for tuning.
 */
export const qqpTuningPairs = 12_000;

function qqpQuestions(from: number, to: number): string[] {
  const lines = readFileSync(`${dataDirectory}qqp/dev.jsonl`, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const questions: string[] = [];
  for (const line of lines.slice(from, to)) {
    const pair = JSON.parse(line) as { a: string; b: string };
    questions.push(pair.a, pair.b);
  }
  return questions.filter((question) => question.trim().length > 8);
}

/** The held-out QQP questions (pairs 12,000-15,999, both questions of each pair). */
export function heldOutQuestions(): string[] {
  return qqpQuestions(qqpTuningPairs, Number.MAX_SAFE_INTEGER);
}

/** GSM8K problems (RouteLLM's copy) with the lengths of GPT-4's answers and Mixtral's answers. */
export function loadMath(): MathItem[] {
  const [header, ...rows] = parseCsv(readFileSync(`${dataDirectory}routellm/gsm8k_responses.csv`, 'utf8'));
  const column = (name: string) => header!.indexOf(name);
  const [prompt, strong, weak] = [column('prompt'), column('gpt-4-1106-preview_response'), column('mistralai/Mixtral-8x7B-Instruct-v0.1_response')];
  return rows
    .filter((row) => row.length > Math.max(prompt, strong, weak))
    .map((row) => ({ question: row[prompt]!, answerTokens: Math.max(20, Math.round(row[strong]!.length / 4)), weakAnswer: row[weak]!.trim() }));
}

function loadAgentConversations(): Pick<BenignSources, 'conversations' | 'agentSystemPrompt' | 'agentTools'> {
  const trajectories = loadTauTrajectories(`${dataDirectory}tau-bench/gpt-4o-airline.json`);
  const tools = new Set<string>();
  const conversations: AgentConversation[] = [];
  let system = '';
  for (const trajectory of trajectories) {
    const turns: AgentTurn[] = [];
    let userText = '';
    let chars = 0;
    trajectory.traj.forEach((message, index) => {
      if (message.role === 'system') system = message.content ?? system;
      for (const call of message.tool_calls ?? []) tools.add(call.function.name);
      if (message.role === 'assistant' && index > 0) {
        const previous = trajectory.traj[index - 1]!;
        const answer = (message.content ?? '') + (message.tool_calls ?? []).map((call) => call.function.arguments).join('');
        turns.push({ userText, depth: index, outputTokens: Math.max(5, Math.round(answer.length / 4)), after: previous.role === 'tool' ? 'tool' : 'user', inputChars: chars });
      }
      if (message.role === 'user') userText = message.content ?? '';
      chars += (message.content ?? '').length;
    });
    if (turns.length > 0) conversations.push({ turns });
  }
  return { conversations, agentSystemPrompt: system, agentTools: [...tools].sort() };
}

/** The tuning sources: QQP pairs 0-11,999, every GSM8K problem, every tau-bench conversation. */
export function loadTuningSources(): BenignSources {
  return { label: 'tuning: QQP pairs 0-11,999, GSM8K (1,319), tau-bench airline (200 conversations)', questions: qqpQuestions(0, qqpTuningPairs), math: loadMath(), ...loadAgentConversations() };
}

/** `{"prompt": ...}` lines of a JSONL file; refuses a file with no usable prompt, naming the first bad line. */
export function readBenignFile(path: string): string[] {
  const prompts: string[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${index + 1}: not JSON`);
      }
      const prompt = (value as { prompt?: unknown } | null)?.prompt;
      if (typeof prompt !== 'string') throw new Error(`${path}:${index + 1}: expected {"prompt": "..."}`);
      if (prompt.trim() !== '') prompts.push(prompt);
    });
  if (prompts.length === 0) throw new Error(`${path}: no prompts`);
  return prompts;
}

/**
 * The tuning sources with every normal prompt replaced by the file's prompts: questions, math problems (their
 * answer lengths kept) and the user turns of agent conversations. Structure (system prompts, tools, timing) stays.
 */
export function sourcesFromPrompts(prompts: readonly string[], base: BenignSources, label: string): BenignSources {
  let cursor = 0;
  const nextPrompt = () => prompts[cursor++ % prompts.length]!;
  return {
    ...base,
    label,
    questions: [...prompts],
    math: base.math.map((item) => ({ ...item, question: nextPrompt() })),
    conversations: base.conversations.map((conversation) => {
      const replaced = new Map<string, string>();
      return { turns: conversation.turns.map((turn) => ({ ...turn, userText: replaced.get(turn.userText) ?? replaced.set(turn.userText, nextPrompt()).get(turn.userText)! })) };
    }),
  };
}
