import type { MathItem } from './benign-sources.ts';
import type { Draws } from './random-draws.ts';

/**
 * Prompt text of the campaign principals, modelled on the three published distillation profiles: reasoning and
 * rubric grading (small, precise), agentic coding over many keys (broad), and broad questions at volume. The
 * paraphrasing variant composes every prompt from pools of equivalent sentences, reorders them and swaps words,
 * so no two prompts share a fixed wrapper; some of its phrasings avoid the usual reasoning vocabulary on purpose.
 */

const names = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jordan', 'Kendall', 'Logan', 'Morgan', 'Quinn', 'Reese', 'Rowan', 'Sawyer', 'Taylor'];
const objects = ['red', 'blue', 'green', 'yellow', 'white', 'black', 'orange', 'purple'];

/** A small seating or ordering puzzle with numbered constraints. */
export function logicPuzzle(draws: Draws): string {
  const count = draws.integer(4, 6);
  const people = [...names].sort(() => draws.next() - 0.5).slice(0, count);
  const colours = objects.slice(0, count);
  const clues: string[] = [];
  for (let index = 0; index < count + 1; index++) {
    const [a, b] = [draws.pick(people), draws.pick(people)];
    clues.push(
      draws.pick([
        `${a} sits immediately to the left of ${b}.`,
        `${a} does not own the ${draws.pick(colours)} car.`,
        `The person in seat ${draws.integer(1, count)} owns the ${draws.pick(colours)} car.`,
        `${a} sits somewhere to the right of ${b}.`,
        `${a} is not at either end of the row.`,
      ]),
    );
  }
  return `${count} people (${people.join(', ')}) sit in seats 1 to ${count} of a row, and each owns a car of a different colour (${colours.join(', ')}).\n${clues.map((clue, index) => `${index + 1}. ${clue}`).join('\n')}\nWho owns the ${draws.pick(colours)} car, and where does everyone sit?`;
}

/** A problem of the reasoning campaign: GSM8K most of the time, a logic puzzle otherwise. */
export function reasoningItem(draws: Draws, math: readonly MathItem[]): string {
  return draws.chance(0.7) ? draws.pick(math).question : logicPuzzle(draws);
}

const reasoningTemplates = [
  (item: string) => `Solve the following problem. Think step by step and show all of your reasoning before giving the final answer.\n\nProblem: ${item}\n\nFormat your response as:\nReasoning: <your step-by-step reasoning>\nFinal answer: <answer>`,
  (item: string) => `You are an expert tutor. Work through the problem below step by step, explaining the reasoning behind every step, and state the final answer on the last line.\n\nProblem: ${item}`,
];

const rubricTemplates = [
  (item: string, answer: string) =>
    `You are grading a student's solution. Use the rubric below.\nRubric:\n1. Correctness of the final answer (0-4 points)\n2. Validity of each reasoning step (0-4 points)\n3. Clarity of the explanation (0-2 points)\nFor each criterion, explain your judgement step by step, then give the total score out of 10.\n\nProblem: ${item}\n\nStudent solution:\n${answer}`,
  (item: string, answer: string) =>
    `Evaluate the response below against the reference criteria. Score it on a scale of 1 to 10 and justify the score with a detailed rationale for each criterion (accuracy, completeness, reasoning quality).\n\nQuestion: ${item}\n\nResponse:\n${answer}`,
];

/** Profile 1: step-by-step reasoning (60%) and rubric-graded answers (40%) over math and logic. */
export function reasoningRubricPrompt(draws: Draws, math: readonly MathItem[]): string {
  if (draws.chance(0.6)) return draws.pick(reasoningTemplates)(reasoningItem(draws, math));
  const item = draws.pick(math);
  return draws.pick(rubricTemplates)(item.question, item.weakAnswer);
}

const paraphrase = {
  opener: ['Solve the following problem.', 'Here is a problem for you.', 'Please work on this question.', 'Consider the task below.', 'I have a question for you.', 'Tackle this problem.', 'Try this one.', 'Answer the following.', 'Have a look at this exercise.', 'Can you help with this?'],
  reasoning: [
    'Think step by step.',
    'Lay out your reasoning in detail before answering.',
    'Walk me through your thought process.',
    'Explain each step of your logic.',
    'Show all of your work.',
    'Reason carefully and explain how you get to the result.',
    'Break the solution into clear steps and justify each one.',
    'Describe your reasoning process thoroughly.',
    "Don't just give the number; I want to understand how you got there.",
    'Go through it slowly, one stage at a time, and say why each stage follows.',
    'Make every intermediate calculation explicit.',
    'Before the answer, write out the full derivation.',
  ],
  format: ['End with the final answer on its own line.', 'Put the final result at the end.', "Conclude with 'Answer: <value>'.", 'Give the answer last.', '', 'Finish with a one-line summary of the result.'],
  grade: [
    'Grade the solution below.',
    'Assess how good this answer is.',
    'Here is an attempt at the problem; judge it.',
    'Review the following solution and mark it.',
    'Tell me how well this response does.',
    'Evaluate the answer that follows.',
  ],
  criteria: [
    'Use these criteria: correctness, soundness of each step, clarity.',
    'Consider accuracy, completeness and the quality of the reasoning.',
    'Check whether the result is right, whether every step holds, and whether it is clearly explained.',
    'Look at correctness first, then the logic, then the presentation.',
  ],
  score: ['Give a score from 1 to 10.', 'Rate it out of 10.', 'Assign points out of 10 and explain them.', 'Finish with a mark between 0 and 10.', 'Say how many of 10 points it earns and why.'],
  label: ['Problem:', 'Question:', 'Task:', 'Exercise:', 'Here it is:', ''],
  answerLabel: ['Solution:', 'Attempt:', 'Response:', 'Answer given:', 'Proposed answer:'],
};

const synonyms: Record<string, string[]> = {
  problem: ['problem', 'question', 'exercise', 'task'],
  explain: ['explain', 'describe', 'justify', 'clarify'],
  answer: ['answer', 'result', 'solution'],
  carefully: ['carefully', 'thoroughly', 'rigorously', 'methodically'],
  each: ['each', 'every'],
  following: ['following', 'next', 'below'],
};

function swapWords(draws: Draws, text: string): string {
  return text.replace(/\b(problem|explain|answer|carefully|each|following)\b/g, (word) => (draws.chance(0.5) ? draws.pick(synonyms[word]!) : word));
}

/** The paraphrasing variant of profile 1: same asks, a different wording, order and layout every time. */
export function paraphrasedReasoningPrompt(draws: Draws, math: readonly MathItem[]): string {
  const separator = draws.pick(['\n\n', '\n', ' ']);
  if (draws.chance(0.6)) {
    const item = `${draws.pick(paraphrase.label)} ${reasoningItem(draws, math)}`.trim();
    const asks = [draws.pick(paraphrase.reasoning), draws.pick(paraphrase.format)].filter((ask) => ask !== '');
    const parts = draws.chance(0.5) ? [draws.pick(paraphrase.opener), ...asks, item] : [draws.pick(paraphrase.opener), item, ...asks];
    return swapWords(draws, parts.join(separator));
  }
  const item = draws.pick(math);
  const instructions = [draws.pick(paraphrase.grade), draws.pick(paraphrase.criteria), draws.pick(paraphrase.score)];
  if (draws.chance(0.5)) instructions.reverse();
  const material = `${draws.pick(paraphrase.label)} ${item.question}${separator}${draws.pick(paraphrase.answerLabel)} ${item.weakAnswer}`;
  return swapWords(draws, (draws.chance(0.5) ? [...instructions, material] : [material, ...instructions]).join(separator));
}

const agentSystems = [
  'You are an autonomous software engineering agent operating in a sandboxed repository. You can call tools to read and write files, run shell commands and run the tests. Think carefully about each step, explain your plan before acting, and verify your work with the tests.',
  'You are a senior engineer working autonomously on a codebase through tools (read_file, write_file, run_shell, search_code, run_tests). Plan first, then act; explain your reasoning before every tool call.',
  'You are a coding agent. Use the available tools to inspect the repository, make changes and check them. Always reason step by step about what to do next.',
];
export const agentToolNames = ['read_file', 'write_file', 'run_shell', 'search_code', 'run_tests'];
const verbs = ['Implement', 'Write', 'Build', 'Create', 'Refactor', 'Fix the bug in', 'Optimise', 'Add tests for'];
const languages = ['Python', 'TypeScript', 'Go', 'Rust', 'Java', 'C++', 'Kotlin', 'Ruby', 'C#', 'Swift', 'Scala', 'PHP'];
const artifacts = ['function', 'class', 'module', 'command-line tool', 'REST endpoint', 'library', 'data pipeline', 'parser'];
const specs = [
  'parses ISO 8601 durations', 'merges overlapping intervals', 'implements an LRU cache with expiry', 'computes the longest common subsequence of two strings',
  'rate limits requests with a token bucket', 'serialises a binary tree to a string and back', 'validates and normalises e-mail addresses',
  'finds the shortest path in a weighted graph', 'streams a large CSV file and aggregates it by column', 'implements a trie with prefix search',
  'detects cycles in a directed graph', 'schedules jobs with dependencies in topological order', 'diffs two JSON documents', 'compresses text with run-length encoding',
  'evaluates arithmetic expressions with operator precedence', 'retries HTTP calls with exponential backoff and jitter', 'implements a bloom filter',
  'renders a Markdown table from rows of data', 'computes a rolling median over a stream', 'resolves semantic version ranges', 'tokenises SQL statements',
  'implements consistent hashing with virtual nodes', 'deduplicates log lines by fingerprint', 'paginates results with opaque cursors', 'validates a Sudoku board',
  'converts Roman numerals both ways', 'computes edit distance with custom costs', 'implements a min-heap priority queue', 'watches a directory and batches change events',
  'solves the knapsack problem with memoisation', 'implements a ring buffer for concurrent producers', 'generates all permutations without duplicates',
];
const constraints = [' It must run in O(n log n) time.', ' Do not use any third-party libraries.', ' Handle malformed input gracefully.', ' Include unit tests covering edge cases.', ' Keep memory use constant.', ''];

/** Profile 2: agentic coding tasks, sweeping languages, artefacts and specifications. */
export function agenticTask(draws: Draws): { system: string; prompt: string } {
  const prompt = `${draws.pick(verbs)} a ${draws.pick(languages)} ${draws.pick(artifacts)} that ${draws.pick(specs)}.${draws.pick(constraints)} Start by exploring the repository with the tools, write a plan, implement the change, and run the tests until they pass. Explain your reasoning at each step.`;
  return { system: draws.pick(agentSystems), prompt };
}

const volumeTemplates = [
  (question: string) => `Provide a comprehensive, expert-level answer to the following question. Include background, key concepts and worked examples where relevant.\n\nQuestion: ${question}`,
  (question: string) => `Answer the question below as a domain expert would. Be thorough, cover edge cases and common misconceptions.\n\n${question}`,
  (question: string) => `Write a detailed, high-quality answer to this user question, suitable as a reference answer:\n${question}`,
];

/** Profile 3: broad questions at volume, wrapped in a few templates. */
export function volumePrompt(draws: Draws, questions: readonly string[], math: readonly MathItem[]): string {
  const question = draws.chance(0.85) ? draws.pick(questions) : draws.pick(math).question;
  return draws.pick(volumeTemplates)(question);
}
