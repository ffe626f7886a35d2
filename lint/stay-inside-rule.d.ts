import type { Rule } from 'eslint';

/** Whether a module specifier names a Node built-in (`node:fs`, `fs`, `fs/promises`). */
export function isNodeBuiltin(specifier: string): boolean;

/** `local/stay-inside`: imports resolve inside `root`, and none is a Node built-in unless `allowNode`. */
export const stayInsideRule: Rule.RuleModule;
