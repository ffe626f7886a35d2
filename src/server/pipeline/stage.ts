import type { PipelineContext } from './context.ts';

/** The key of `Stage`'s type-only member (never set at run time). */
declare const adds: unique symbol;

/**
 * A pipeline stage with its contract, in the spirit of Hono's typed context variables. `Needs` are the context
 * fields the stage reads that earlier stages must have set: the stage sees them as set, with no run-time check.
 * `Adds` are the fields it sets before it calls `next()`, which later stages may then need. `pipeline().use()`
 * (`./pipeline-builder.ts`) accepts a stage only after stages that add what it needs, so a wrong order does not
 * compile. At run time a stage is a plain `(context, next)` function (`Middleware`), composed once by `compose`.
 *
 * @example
 * export function enforce(options: EnforceOptions): Stage<Authenticated & Profiled, Enforced> { ... }
 */
export interface Stage<Needs extends object = object, Adds extends object = object> {
  (context: PipelineContext & Needs, next: () => Promise<void>): Promise<void>;
  /** Types only, never set: what the stage adds to the context. */
  readonly [adds]?: Adds;
}
