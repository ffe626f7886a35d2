import { startEntryTarget } from './start-target.ts';
import type { Target } from './target.ts';

/**
 * Starts the simulator in its own process on `core` and returns it as the `direct` target: requests straight
 * to the upstream, the baseline every "added" figure is measured against.
 */
export function startUpstream(workDirectory: string, core: number): Promise<Target> {
  return startEntryTarget('direct', './upstream-main.ts', [], core, workDirectory);
}
