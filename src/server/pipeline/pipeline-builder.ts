import { compose, type Middleware } from './compose.ts';
import type { PipelineContext } from './context.ts';
import type { Stage } from './stage.ts';

/** Wraps each stage once when the pipeline is built (tracing: a span per stage). */
export type StageWrapper = (stage: Middleware<PipelineContext>) => Middleware<PipelineContext>;

/**
 * Assembles a pipeline in order, checking each stage's contract at compile time: `Base` is what the caller's
 * context holds before the first stage, `Have` what it holds once the stages so far have run. A builder is
 * immutable, so pipelines can share a prefix. Everything happens at start-up: `build()` returns `compose`'s
 * function over plain stages, and a request pays nothing for the types.
 */
export interface PipelineBuilder<Base extends object, Have extends object> {
  /** Appends a stage whose needs the stages before it meet; what it adds is known to the stages after it. */
  use<Adds extends object>(stage: Stage<Have, Adds>): PipelineBuilder<Base, Have & Adds>;
  /**
   * Appends a stage that is configured or not (`undefined`: nothing is appended). Its needs are checked like
   * `use`'s; what it adds is not, since later stages must work without it.
   */
  useOptional(stage: Stage<Have> | undefined): PipelineBuilder<Base, Have>;
  /** The composed pipeline, each stage first passed through `wrap` when given. */
  build(wrap?: StageWrapper): (context: PipelineContext & Base) => Promise<void>;
}

/**
 * A typed pipeline builder for contexts that hold `Base` beyond `PipelineContext`'s own fields when they enter it.
 * @example
 * const run = pipeline().use(authenticate(keys)).use(ingressChat(codec, knowsModel)).use(profile(options)).build();
 */
export function pipeline<Base extends object = object>(): PipelineBuilder<Base, Base> {
  return builderOf([]);
}

function builderOf<Base extends object, Have extends object>(stages: ReadonlyArray<Middleware<PipelineContext>>): PipelineBuilder<Base, Have> {
  return {
    // The contract was checked by `use`'s signature; at run time a stage is a plain middleware over the context.
    use: (stage) => builderOf([...stages, stage as Middleware<PipelineContext>]),
    useOptional: (stage) => (stage ? builderOf([...stages, stage as Middleware<PipelineContext>]) : builderOf(stages)),
    build: (wrap) => compose(wrap ? stages.map(wrap) : stages),
  };
}
