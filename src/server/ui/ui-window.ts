import { GatewayError } from '../../core/errors/gateway-error.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** The windows the dashboard offers, with the width of a chart point for each. */
export const windows: Record<string, { span: number; bucketMs: number }> = {
  '15m': { span: 15 * minute, bucketMs: minute },
  '1h': { span: hour, bucketMs: minute },
  '6h': { span: 6 * hour, bucketMs: 5 * minute },
  '24h': { span: day, bucketMs: 15 * minute },
  '7d': { span: 7 * day, bucketMs: hour },
  '30d': { span: 30 * day, bucketMs: 6 * hour },
};

/** A window as the views read it: [from, to) in ms, and the width of a chart point. */
export interface ViewWindow {
  from: number;
  to: number;
  bucketMs: number;
}

/**
 * A named window ending now (`window=24h`), or explicit bounds (`from`, `to`: ISO 8601 or ms; at most 90 days),
 * whose point width gives at most about 400 points. Anything else is a 400 naming the parameter.
 */
export function parseWindow(query: { window?: string | undefined; from?: string | undefined; to?: string | undefined }, now: number): ViewWindow {
  if (query.from !== undefined || query.to !== undefined) {
    const from = instant(query.from, 'from');
    const to = query.to === undefined ? now : instant(query.to, 'to');
    if (!(to > from)) throw new GatewayError('invalid_request', { message: '"to" must be after "from".', param: 'to' });
    if (to - from > 90 * day) throw new GatewayError('invalid_request', { message: 'A window spans at most 90 days.', param: 'from' });
    const bucketMs = [minute, 5 * minute, 15 * minute, hour, 6 * hour, day].find((width) => (to - from) / width <= 400) ?? day;
    return { from, to, bucketMs };
  }
  const name = query.window ?? '24h';
  const known = windows[name];
  if (!known) throw new GatewayError('invalid_request', { message: `window must be one of ${Object.keys(windows).join(', ')}.`, param: 'window' });
  return { from: now - known.span, to: now, bucketMs: known.bucketMs };
}

function instant(value: string | undefined, param: string): number {
  if (value === undefined) throw new GatewayError('invalid_request', { message: `"${param}" is required with explicit bounds.`, param });
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) throw new GatewayError('invalid_request', { message: `"${param}" must be an ISO 8601 time or milliseconds since the epoch.`, param });
  return time;
}
