import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this folder). */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `node` arguments that run a TypeScript file of this folder through tsx's loader. */
export function tsEntryArgs(file: string, args: string[]): string[] {
  return ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), ...args];
}
