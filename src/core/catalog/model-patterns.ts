import type { ModelEntry } from './catalog-schema.ts';

/** A name pattern a model serves, compiled once: `*` stands for any run of characters. */
export interface CompiledPattern {
  readonly pattern: string;
  /** The name sent to the provider for a match; `undefined` sends the client's own name. */
  readonly upstream: string | undefined;
  test(name: string): boolean;
}

const compiled = new WeakMap<ModelEntry, CompiledPattern[]>();

/** A glob (`claude-*`, `*-mini`) as a whole-name test; everything but `*` matches itself. */
export function globTest(pattern: string): (name: string) => boolean {
  const source = pattern
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 's');
  return (name) => regex.test(name);
}

/** A model's patterns, compiled on first use. */
export function modelPatterns(model: ModelEntry): CompiledPattern[] {
  let patterns = compiled.get(model);
  if (patterns === undefined) {
    patterns = model.patterns.map((entry) => {
      const pattern = typeof entry === 'string' ? entry : entry.match;
      const upstream = typeof entry === 'string' ? undefined : entry.upstream;
      return { pattern, upstream, test: globTest(pattern) };
    });
    compiled.set(model, patterns);
  }
  return patterns;
}

/**
 * Whether a model serves a client's name through one of its patterns, and the name to send the provider then: the
 * pattern's `upstream` when it maps names, else the client's own name (so `claude-*` on an Anthropic provider passes
 * `claude-opus-5-5` on as it is). `undefined` when no pattern matches. Exact names and aliases are looked up first by
 * callers; patterns only serve names no model calls its own.
 */
export function matchModelPattern(model: ModelEntry, name: string): { upstream: string } | undefined {
  for (const pattern of modelPatterns(model)) {
    if (pattern.test(name)) return { upstream: pattern.upstream ?? name };
  }
  return undefined;
}
