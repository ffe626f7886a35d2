import { h } from '../dom.ts';

/** A dashboard page: renders into `root`, returns what to do when it is left (close streams, timers). */
export type View = (root: HTMLElement) => Promise<(() => void) | void> | (() => void) | void;

export const windowNames = ['15m', '1h', '6h', '24h', '7d', '30d'] as const;

/** A window picker that calls `change` with the chosen window. */
export function windowPicker(current: string, change: (window: string) => void): HTMLElement {
  return h(
    'label',
    { class: 'picker' },
    'Window ',
    h(
      'select',
      { 'data-testid': 'window', onchange: (event: Event) => change((event.target as HTMLSelectElement).value) },
      windowNames.map((name) => h('option', { value: name, selected: name === current }, name)),
    ),
  );
}

/** A message shown where a view could not load. */
export function failure(error: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
}
