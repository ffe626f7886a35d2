/**
 * The word lists the extraction signals read, as plain text (compiled to keyed hashes once, see
 * `compilePromptLexicon`). Phrases are written as the skeleton tokenizer splits them: lower case, hyphens and
 * punctuation as spaces, numbers as `<num>`. English only: prompts in other languages score no cues (the other
 * signals still apply).
 */

/** Words too common to make a template: a shingle of three of these is ignored. */
export const stopwords = `a about above after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in
into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours yourself yourselves also may might must shall let lets let's get got
i'm it's don't doesn't can't isn't what's i've i'd you're there's`.split(/\s+/);

/** Phrases that ask the model to lay out its reasoning (the cue campaigns need: the reasoning is what they harvest). */
export const reasoningPhrases = [
  'step by step', 'chain of thought', 'think carefully', 'think through', 'think it through', 'thought process', 'thinking process',
  'show your work', 'show all work', 'show all your work', 'show your working', 'show your reasoning', 'show the reasoning',
  'explain your reasoning', 'explain the reasoning', 'explain each step', 'explain every step', 'explain your thinking',
  'reasoning process', 'reasoning steps', 'reasoning trace', 'reasoning chain', 'intermediate steps', 'intermediate reasoning',
  'walk me through', 'walk through', 'let\'s think', 'lets think', 'before answering', 'before giving', 'before you answer',
  'before the final answer', 'work through', 'reason through', 'reason about', 'think aloud', 'out loud', 'detailed reasoning',
  'full reasoning', 'complete reasoning', 'your rationale', 'a rationale', 'the rationale', 'justify your answer', 'justify each',
  'justify every', 'each step', 'every step', 'all steps', 'your steps', 'derivation', 'deductions', 'reasoning', 'rationale',
  'justification', 'logic behind', 'how you arrived', 'how you got to',
];

/** Phrases that ask the model to grade, score or compare answers against criteria (rubric-style grading). */
export const rubricPhrases = [
  'rubric', 'rubrics', 'criteria', 'criterion', 'grading', 'grader', 'graded', 'on a scale', 'scale of', 'scale from',
  'out of <num>', 'assign a score', 'give a score', 'provide a score', 'score between',
  'score each', 'score the', 'score from', 'grade the', 'grade this', 'grade each', 'grade it', 'evaluate the response',
  'evaluate the answer', 'evaluate the following', 'evaluate each', 'evaluate this response', 'assess the response',
  'assess the answer', 'assess the quality', 'rate the response', 'rate the answer', 'rate the following', 'rate each',
  'rate this', 'which response', 'response a', 'response b', 'better response', 'assistant a', 'assistant b', 'judge the',
  'as a judge', 'impartial judge', 'scoring guide', 'a grade', 'final grade', 'pass or fail', 'correct or incorrect',
  'the reference answer', 'reference solution', 'model answer', 'student answer', 'student\'s answer', 'candidate answer',
];

/** Capability areas, each with words that point to it. `general` is what a prompt is when none stands out. */
export const capabilityAreas = {
  general: [],
  math: `solve equation equations calculate compute sum total product percent percentage fraction fractions integer integers probability
algebra geometry triangle circle area perimeter radius derivative integral prime divisible remainder average ratio proportion
multiply divide subtract minus plus arithmetic theorem polynomial quadratic cube square root digits dollars cents`.split(/\s+/),
  code: `function functions python javascript typescript java rust golang code coding implement implementation class method algorithm api
bug debug compile compiler unittest sql regex array arrays string strings recursion recursive loop variable variables json parse parser
refactor library module endpoint database query script program programming lambda async thread pointer complexity runtime leetcode
binary tree graph linked hash stack queue sort sorting kotlin swift haskell scala ruby php html css react node`.split(/\s+/),
  agentic: `tool tools agent agents task tasks plan planning execute execution environment repository repo file files command commands
shell terminal browser action actions workflow subtask subtasks objective goal observe observation autonomous autonomously trajectory
invoke invoking orchestrate`.split(/\s+/),
  science: `physics chemistry biology energy cell cells atom atoms molecule molecules force gravity quantum evolution dna protein reaction
electron velocity acceleration mass temperature climate photosynthesis enzyme organism species planet orbit`.split(/\s+/),
  writing: `write essay poem story summarize summarise summary rewrite paraphrase email letter blog article translate translation tone draft
edit proofread headline slogan`.split(/\s+/),
  logic: `puzzle puzzles logic logical deduce riddle prove proof premise premises conclusion syllogism valid fallacy paradox inference
contradiction`.split(/\s+/),
} as const;

export type CapabilityArea = keyof typeof capabilityAreas;

/** The areas in a fixed order: a prompt's area is stored as its index here. */
export const capabilityAreaNames = Object.keys(capabilityAreas) as CapabilityArea[];
