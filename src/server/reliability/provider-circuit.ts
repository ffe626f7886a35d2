import { FailureWindow } from './failure-window.ts';

/**
 * `closed`: calls flow. `open`: the provider failed too often and is skipped until the cool-down ends.
 * `half-open`: the cool-down ended and a limited number of probe calls decide whether it closes again.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** One provider's circuit as metrics and the dashboard see it. */
export interface CircuitSnapshot {
  providerId: string;
  state: CircuitState;
  consecutiveFailures: number;
  windowCalls: number;
  windowFailures: number;
  /** Epoch ms when the circuit last opened (0 when it never did). */
  openedAt: number;
  /** Probes in flight while half-open. */
  probes: number;
}

/** The thresholds every provider's circuit follows, resolved from `CircuitBreakerOptions`. */
export interface CircuitSettings {
  /** Consecutive failures that open the circuit (>= 1). */
  threshold: number;
  /** Share of failed calls over the window that opens it, in (0, 1]. */
  errorRate: number;
  bucketMs: number;
  bucketCount: number;
  /** Calls the window must hold before `errorRate` applies (>= 1). */
  minimumCalls: number;
  coolDownMs: number;
  /** Probe calls admitted at once while half-open (>= 1). */
  halfOpenProbes: number;
  onStateChange: ((providerId: string, from: CircuitState, to: CircuitState) => void) | undefined;
}

/**
 * One provider's circuit, the state machine alone: `closed` -> `open` (too many consecutive failures, or too high an
 * error rate over the window) -> `half-open` (once the cool-down is over, read lazily at the time given) -> `closed`
 * (a probe succeeded) or `open` again (a probe failed). Every method takes the time, so the caller owns the clock.
 */
export class ProviderCircuit {
  state: CircuitState = 'closed';
  consecutiveFailures = 0;
  /** Epoch ms when the circuit last opened (0 when it never did). */
  openedAt = 0;
  /** Probes in flight while half-open. */
  probes = 0;
  /** Calls and failures over the window, for the error rate. */
  private readonly window: FailureWindow;

  constructor(
    private readonly providerId: string,
    private readonly settings: CircuitSettings,
  ) {
    this.window = new FailureWindow(settings.bucketMs, settings.bucketCount);
  }

  /** The state with the cool-down applied: an open circuit whose cool-down is over is half-open. */
  current(at: number): CircuitState {
    if (this.state === 'open' && at - this.openedAt >= this.settings.coolDownMs) this.transition('half-open', at);
    return this.state;
  }

  /** Whether a call would be admitted in `state` (closed, or half-open with a free probe slot). */
  admits(state: CircuitState): boolean {
    return state === 'closed' || (state === 'half-open' && this.probes < this.settings.halfOpenProbes);
  }

  /** Admits a call now, taking a probe slot while half-open; false when it must be skipped. */
  acquire(at: number): boolean {
    const state = this.current(at);
    if (!this.admits(state)) return false;
    if (state === 'half-open') this.probes++;
    return true;
  }

  succeeded(at: number): void {
    const state = this.current(at);
    if (state === 'half-open') {
      this.transition('closed', at);
      return;
    }
    this.consecutiveFailures = 0;
    if (state === 'closed') this.window.count(at, false);
  }

  failed(at: number): void {
    const state = this.current(at);
    if (state === 'open') return;
    if (state === 'half-open') {
      this.transition('open', at);
      return;
    }
    this.consecutiveFailures++;
    this.window.count(at, true);
    if (this.consecutiveFailures >= this.settings.threshold) {
      this.transition('open', at);
      return;
    }
    const window = this.window.totals(at);
    if (window.calls >= this.settings.minimumCalls && window.failures / window.calls >= this.settings.errorRate) this.transition('open', at);
  }

  /** A call ended without a verdict: its probe slot is free again. */
  release(): void {
    if (this.state === 'half-open' && this.probes > 0) this.probes--;
  }

  snapshot(at: number): CircuitSnapshot {
    const window = this.window.totals(at);
    return {
      providerId: this.providerId,
      state: this.current(at),
      consecutiveFailures: this.consecutiveFailures,
      windowCalls: window.calls,
      windowFailures: window.failures,
      openedAt: this.openedAt,
      probes: this.probes,
    };
  }

  private transition(to: CircuitState, at: number): void {
    const from = this.state;
    this.state = to;
    this.probes = 0;
    if (to === 'open') this.openedAt = at;
    if (to === 'closed') {
      this.consecutiveFailures = 0;
      this.window.clear();
    }
    this.settings.onStateChange?.(this.providerId, from, to);
  }
}
