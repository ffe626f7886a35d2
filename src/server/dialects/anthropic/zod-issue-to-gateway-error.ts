import type { z } from 'zod';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { shownText } from '../../../core/errors/shown-text.ts';

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

/** `['messages', 2, 'role']` as `messages[2].role`. */
export function formatParam(path: Path): string {
  let param = '';
  for (const key of path) {
    if (typeof key === 'number') param += `[${key}]`;
    else param += param === '' ? String(key) : `.${String(key)}`;
  }
  return param;
}

/**
 * The first zod issue as an `invalid_request` error with the parameter at fault (`messages[0].content[1].type`)
 * and a message that names it. Unions are resolved to the branch that got furthest, so a bad block inside a
 * content array is reported at the block, not as "invalid input" for the whole content. Messages echo at most
 * a short discriminator value (a block type or role), never request content.
 */
export function zodIssueToGatewayError(issue: Issue, prefix: Path = []): GatewayError {
  const { path, message } = describe(issue, prefix);
  const param = formatParam(path);
  return new GatewayError('invalid_request', { param, message: param === '' ? message : `${param}: ${message}` });
}

function describe(issue: Issue, prefix: Path): { path: Path; message: string } {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'invalid_union': {
      if (issue.errors.length === 0) return { path, message: discriminatorMessage(issue) };
      const branches = issue.errors.filter((branch) => branch.length > 0);
      const reachedFurther = branches.filter((branch) => !(branch[0]?.code === 'invalid_type' && branch[0].path.length === 0));
      if (reachedFurther.length === 0) {
        const expected = branches.map((branch) => (branch[0]?.code === 'invalid_type' ? article(branch[0].expected) : 'a valid value'));
        return { path, message: `expected ${expected.join(' or ')}` };
      }
      const best = reachedFurther.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      return describe(best[0] as Issue, path);
    }
    case 'invalid_type':
      return { path, message: issue.input === undefined ? 'Field required' : `expected ${article(issue.expected)}, got ${typeName(issue.input)}` };
    case 'invalid_value':
      return {
        path,
        message: issue.values.length === 1 ? `expected ${JSON.stringify(issue.values[0])}` : `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`,
      };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { path, message: 'must not be empty' };
      if (issue.origin === 'array') return { path, message: `must contain at least ${String(issue.minimum)} item(s)` };
      return { path, message: `must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}` };
    case 'too_big':
      return { path, message: `must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}` };
    default:
      return { path, message: issue.message };
  }
}

function discriminatorMessage(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  const record = issue as unknown as { discriminator?: string; options?: unknown[]; input?: unknown };
  const key = record.discriminator ?? 'type';
  const options = (record.options ?? []).map(String);
  const value = typeof record.input === 'object' && record.input !== null ? (record.input as Record<string, unknown>)[key] : undefined;
  if (value === undefined) return `Field required (one of ${options.join(', ')})`;
  const shown = typeof value === 'string' ? shownText(value, 40, "'") : typeName(value);
  return `unsupported ${key} ${shown}; expected one of ${options.join(', ')}`;
}

function depth(branch: Issue[]): number {
  return Math.max(...branch.map((issue) => issue.path.length + (issue.code === 'invalid_union' ? 1 : 0)));
}

function article(expected: string): string {
  if (expected === 'array' || expected === 'object' || expected === 'int') return expected === 'int' ? 'an integer' : `an ${expected}`;
  return `a ${expected}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' && !Number.isInteger(value) ? 'a non-integer number' : `a ${typeof value}`;
}
