import type { Dialect, FaultSpec } from './simulator-types.ts';

/** A fault as it is applied: defaults filled in. */
export interface ActiveFault extends FaultSpec {
  retryAfterSeconds: number;
  afterChunks: number;
}

/**
 * Holds the faults injected into a simulator and hands one out per matching request, oldest first. A fault
 * with `times` is used up after that many requests; one without stays until `clear()`.
 */
export class FaultInjector {
  private faults: Array<{ spec: FaultSpec; left: number }> = [];

  inject(spec: FaultSpec): void {
    this.faults.push({ spec: { ...spec }, left: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  /** The faults still pending, as injected. */
  list(): FaultSpec[] {
    return this.faults.map((fault) => ({ ...fault.spec }));
  }

  /** Takes the first fault that matches a request, counting it as used; `undefined` when none matches. */
  take(dialect: Dialect, model: string): ActiveFault | undefined {
    const index = this.faults.findIndex(({ spec }) => (spec.dialect === undefined || spec.dialect === dialect) && (spec.model === undefined || spec.model === model));
    const found = this.faults[index];
    if (!found) return undefined;
    found.left--;
    if (found.left <= 0) this.faults.splice(index, 1);
    return { ...found.spec, retryAfterSeconds: found.spec.retryAfterSeconds ?? 1, afterChunks: found.spec.afterChunks ?? 2 };
  }
}
