import { describe, expect, expectTypeOf, it } from 'vitest';
import { createCatalogIndex } from '../catalog-index.ts';
import { parseConfigText } from '../config/load-config.ts';
import { createMemoryDecisionStore } from '../decision-store.ts';
import { clientCodecs } from '../dialects/registry.ts';
import { createCircuitBreaker } from '../reliability/circuit-breaker.ts';
import { createSovereigntyStages } from '../sovereignty-stages.ts';
import { createSovereignty } from '../sovereignty.ts';
import { authenticate } from '../stages/authenticate.ts';
import { dispatch } from '../stages/dispatch.ts';
import { ingressChat } from '../stages/ingress.ts';
import type { Middleware } from './compose.ts';
import type { Authenticated, Enforced, PipelineContext, Profiled, Routed } from './context.ts';
import { pipeline } from './pipeline-builder.ts';
import type { Stage } from './stage.ts';

/** A request context with nothing any stage adds. */
function freshContext(): PipelineContext {
  return {
    requestId: 'req_1',
    dialect: 'openai',
    endpoint: 'chat',
    headers: new Headers({ authorization: 'Bearer sk-test' }),
    signal: new AbortController().signal,
    receivedAt: 0,
    readBody: () => Promise.resolve({ value: { model: 'auto', messages: [{ role: 'user', content: 'hello' }] }, text: '' }),
    passthrough: true,
    responseHeaders: {},
    finalizers: [],
  };
}

const principal = { tenant: 'acme', keyId: 'key_1', scopes: ['*'], clearance: 'UNCLASSIFIED' as const, labels: [] };

/** Adds the principal, as authenticate does. */
const signIn: Stage<object, Authenticated> = (context, next) => {
  context.principal = principal;
  return next();
};

function tracing(trace: string[]) {
  /** Needs the principal: reads it without a check. */
  const greet: Stage<Authenticated> = function greetStage(context, next) {
    trace.push(`hello ${context.principal.tenant}`);
    return next();
  };
  const mark = (name: string): Stage =>
    async function markStage(_context, next) {
      trace.push(`${name}>`);
      await next();
      trace.push(`<${name}`);
    };
  return { greet, mark };
}

/** The real stages, built from an empty configuration: only their types matter to the order checks below. */
function realStages() {
  const { config } = parseConfigText('providers: []\n', 'test.yaml', {});
  const decide = createSovereigntyStages(
    { config, catalog: createCatalogIndex([]), sovereignty: createSovereignty(config, [], 'test.yaml'), health: createCircuitBreaker() },
    createMemoryDecisionStore(1),
  );
  return {
    ...decide,
    authenticate: authenticate({ authenticate: () => principal }),
    ingress: ingressChat(clientCodecs.openai, () => true),
    dispatch: dispatch({ maxFallbacks: 0 }),
  };
}

describe('pipeline builder', () => {
  it('runs the stages in the order they were used, onion-style, each seeing what earlier ones added', async () => {
    const trace: string[] = [];
    const { greet, mark } = tracing(trace);
    await pipeline().use(mark('outer')).use(signIn).use(greet).use(mark('inner')).build()(freshContext());
    expect(trace).toEqual(['outer>', 'hello acme', 'inner>', '<inner', '<outer']);
  });

  it('is immutable: pipelines that share a prefix run only their own stages', async () => {
    const trace: string[] = [];
    const { mark } = tracing(trace);
    const shared = pipeline().use(mark('shared'));
    const left = shared.use(mark('left')).build();
    const right = shared.use(mark('right')).build();
    await left(freshContext());
    await right(freshContext());
    expect(trace).toEqual(['shared>', 'left>', '<left', '<shared', 'shared>', 'right>', '<right', '<shared']);
  });

  it('appends an optional stage only when it is configured', async () => {
    const trace: string[] = [];
    const { mark } = tracing(trace);
    await pipeline().useOptional(undefined).use(mark('always')).useOptional(mark('configured')).build()(freshContext());
    expect(trace).toEqual(['always>', 'configured>', '<configured', '<always']);
  });

  it('wraps each stage once, when it is built, not per request', async () => {
    const wrapped: string[] = [];
    const calls: string[] = [];
    const wrap = (stage: Middleware<PipelineContext>): Middleware<PipelineContext> => {
      wrapped.push(stage.name);
      return (context, next) => {
        calls.push(stage.name);
        return stage(context, next);
      };
    };
    const { greet, mark } = tracing([]);
    const run = pipeline().use(signIn).use(greet).use(mark('last')).build(wrap);
    await run(freshContext());
    await run(freshContext());
    expect(wrapped).toEqual(['signIn', 'greetStage', 'markStage']);
    expect(calls).toEqual(['signIn', 'greetStage', 'markStage', 'signIn', 'greetStage', 'markStage']);
  });

  it('runs the real stages in their typed order: authenticate, ingress, profile, enforce, route', async () => {
    const stages = realStages();
    const context = freshContext();
    const run = pipeline().use(stages.authenticate).use(stages.ingress).use(stages.profile).use(stages.enforce).use(stages.route).build();
    // No provider serves anything: route refuses, after profile and enforce added their fields.
    await expect(run(context)).rejects.toMatchObject({ code: 'model_not_found' });
    expect(context.principal).toEqual(principal);
    expect(context.profile?.classification).toBe('UNCLASSIFIED');
    expect(context.policy?.matched).toEqual([]);
  });

  it('refuses at compile time a stage placed before the stage that adds what it needs', () => {
    const stages = realStages();
    const { greet } = tracing([]);
    // Each line below would compile only if the order were right; the type checker (npm run typecheck) fails otherwise.
    // @ts-expect-error greet needs the principal, which no earlier stage added
    pipeline().use(greet);
    // @ts-expect-error profile needs the body, which only an ingress adds
    pipeline().use(stages.authenticate).use(stages.profile);
    // @ts-expect-error enforce needs the profile
    pipeline().use(stages.authenticate).use(stages.ingress).use(stages.enforce);
    // @ts-expect-error route needs the policies enforce evaluates
    pipeline().use(stages.authenticate).use(stages.ingress).use(stages.profile).use(stages.route);
    // @ts-expect-error dispatch needs the decision route adds
    pipeline().use(stages.authenticate).use(stages.ingress).use(stages.profile).use(stages.enforce).use(stages.dispatch);
    // @ts-expect-error an optional stage's needs are checked too
    pipeline().useOptional(greet);
    // The right order compiles, and what the stages added is known to the next one.
    pipeline().use(stages.authenticate).use(stages.ingress).use(stages.profile).use(stages.enforce).use(stages.route).use(stages.dispatch);
    expectTypeOf(stages.enforce).toEqualTypeOf<Stage<Authenticated & Profiled, Enforced>>();
    expectTypeOf(stages.route).toEqualTypeOf<Stage<Authenticated & Enforced, Routed>>();
    // The run-time shape is unchanged: a plain function of the context and next.
    expect(typeof pipeline().use(signIn).build()).toBe('function');
  });
});
