import { describe, expect, it } from 'vitest';
import type { CompiledPolicySet } from '../../core/policy/index.ts';
import type { PolicyEvaluation } from '../../core/policy/index.ts';
import type { Enforced, Ingressed, PipelineContext, Profiled } from '../pipeline/context.ts';

/** A context as redact sees it: ingress, profile and enforce ran (the stage test fills in what they add). */
type RedactContext = PipelineContext & Ingressed & Profiled & Enforced;
import { profile } from './profile.ts';
import { redact } from './redact.ts';

const walk = { maxJsonDepth: 64 };

function contextOf(body: Record<string, unknown>): RedactContext {
  return {
    requestId: 'req_test',
    dialect: 'openai',
    endpoint: 'chat',
    headers: new Headers(),
    body,
    passthrough: true,
    finalizers: [],
    responseHeaders: {},
  } as unknown as RedactContext;
}

const profileStage = profile({ ...walk, tenantDefaults: () => ({}) });
const redactStage = redact({
  ...walk,
  policiesFor: () => ({ policies: [] }) as unknown as CompiledPolicySet,
  reparse(context, body) {
    context.request = { model: 'm', stream: false, messages: [], body } as unknown as PipelineContext['request'];
  },
});
const redacting = { actions: new Set(['redact']), matched: [], constraints: [] } as unknown as PolicyEvaluation;

/** Runs profile, then `between` (a stage that may replace the body), then redact; returns the body redact left. */
async function profileThenRedact(body: Record<string, unknown>, between: (context: RedactContext) => void = () => {}): Promise<RedactContext> {
  const context = contextOf(body);
  await profileStage(context, async () => {
    context.policy = redacting;
    between(context);
    await redactStage(context, async () => {});
  });
  return context;
}

describe('redact stage: the profile stage texts', () => {
  it('reads the texts the profile stage kept while the body is the one it profiled', async () => {
    let reads = 0;
    const context = await profileThenRedact({ messages: [{ role: 'user', content: 'Mail anna.schmidt@example.de today' }] }, (context) => {
      const kept = context.profiledTexts!;
      const texts = new Proxy(kept.texts as string[], {
        get(target, property, receiver) {
          reads++;
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
      context.profiledTexts = { ...kept, texts };
    });
    expect(reads).toBeGreaterThan(0);
    expect(JSON.stringify(context.body)).toContain('[EMAIL_1]');
    expect(JSON.stringify(context.body)).not.toContain('anna.schmidt');
  });

  it('walks the body again when a stage between replaced it', async () => {
    let reads = 0;
    const context = await profileThenRedact({ messages: [{ role: 'user', content: 'Mail anna.schmidt@example.de today' }] }, (context) => {
      const kept = context.profiledTexts!;
      const texts = new Proxy(kept.texts as string[], {
        get(target, property, receiver) {
          reads++;
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
      context.profiledTexts = { ...kept, texts };
      // A copy with the same texts (findings stand for texts, so a stage that changed them would profile again).
      context.body = structuredClone(context.body!);
    });
    expect(reads).toBe(0);
    expect(JSON.stringify(context.body)).toBe(JSON.stringify({ messages: [{ role: 'user', content: 'Mail [EMAIL_1] today' }] }));
  });

  it('redacts a value split over the system prompt and the first message, with the system prompt after the messages in the body', async () => {
    const context = await profileThenRedact({
      model: 'claude',
      messages: [{ role: 'user', content: '@example.de about the invoice' }],
      system: 'Reply to anna.schmidt',
    });
    expect(context.body).toEqual({ model: 'claude', messages: [{ role: 'user', content: ' about the invoice' }], system: 'Reply to [EMAIL_1]' });
  });
});
