import type { z } from 'zod';
import { GatewayError } from '../errors/gateway-error.ts';
import { parseOnce } from '../parse-once.ts';

/** A jurisdictions problem (unknown code or group, cyclic or conflicting definitions), named in the message. */
export function jurisdictionsError(message: string, details: Record<string, unknown>): GatewayError {
  return new GatewayError('invalid_request', { message, details: { source: 'jurisdictions', ...details } });
}

/** Validates jurisdictions data, refusing it with the path and reason of the first problems. */
export function parseJurisdictionsData<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.infer<Schema> {
  const result = schema.safeParse(value, parseOnce);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw jurisdictionsError(`Invalid ${what}: ${problems.join('; ')}`, { issues: problems });
}
