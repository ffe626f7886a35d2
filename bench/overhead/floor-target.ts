import { startEntryTarget } from './start-target.ts';
import type { Target } from './target.ts';

/** Starts the minimal pass-through proxy (`floor-proxy-main.ts`) on `core`, in front of `upstreamOrigin`. */
export function startFloor(workDirectory: string, upstreamOrigin: string, core: number): Promise<Target> {
  return startEntryTarget('floor', './floor-proxy-main.ts', [upstreamOrigin], core, workDirectory);
}
