import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOverheadOptions, type OverheadPlan } from './overhead-options.ts';
import { summarise } from './overhead-summary.ts';
import type { RunRow } from './run-scenario.ts';
import { answerText, compareAnswers } from './upstream-answer-check.ts';

const plan = (argv: string[]) => parseOverheadOptions(argv) as OverheadPlan;

/** An OpenAI stream whose content deltas are `pieces`, after a role chunk and before a finish chunk and `[DONE]`. */
function streamOf(pieces: string[]): string {
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-sim1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [chunk({ role: 'assistant', content: '' }), ...pieces.map((piece) => chunk({ content: piece })), chunk({}, 'stop'), 'data: [DONE]\n\n'].join('');
}

const plainOf = (content: string) =>
  JSON.stringify({ id: 'chatcmpl-sim1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });

describe('the overhead benchmark options for the peers', () => {
  it('runs both peers unless each is left out by its own flag', () => {
    expect(plan([])).toMatchObject({ portkey: true, nullplatform: true });
    expect(plan(['--no-portkey'])).toMatchObject({ portkey: false, nullplatform: true });
    expect(plan(['--no-nullplatform'])).toMatchObject({ portkey: true, nullplatform: false });
    expect(plan(['--smoke', '--no-portkey', '--no-nullplatform', '--json'])).toMatchObject({ mode: 'smoke', json: true, portkey: false, nullplatform: false });
  });

  it('refuses a misspelt peer flag with a message', () => {
    expect(() => parseOverheadOptions(['--no-nullplatfrom'])).toThrow(/no-nullplatfrom/);
  });
});

describe('answerText', () => {
  it('reads any plain answer text back', () => {
    fc.assert(
      fc.property(fc.string(), (content) => {
        expect(answerText(plainOf(content), false)).toBe(content);
      }),
    );
  });

  it('joins any stream of content deltas in order', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1 }), (pieces) => {
        expect(answerText(streamOf(pieces), true)).toBe(pieces.join(''));
      }),
    );
  });

  it('reads no text where there is none', () => {
    expect(answerText('not json', false)).toBeUndefined();
    expect(answerText(JSON.stringify({ choices: [] }), false)).toBeUndefined();
    expect(answerText('data: {broken\n\ndata: [DONE]\n\n', true)).toBeUndefined();
    expect(answerText('data: [DONE]\n\n', true)).toBeUndefined();
  });
});

describe('compareAnswers (a peer against the upstream)', () => {
  const upstream = 'Careful island take bright.';

  it('accepts the upstream text, plain and streamed', () => {
    expect(compareAnswers(upstream, { status: 200, body: plainOf(upstream) }, false)).toBeUndefined();
    expect(compareAnswers(upstream, { status: 200, body: streamOf(['Careful', ' island', ' take', ' bright.']) }, true)).toBeUndefined();
  });

  it('reports a stream that repeats the text so far in every delta (what a racing relay sends)', () => {
    const cumulative = streamOf(['Careful', 'Careful island', 'Careful island take', 'Careful island take bright.']);
    expect(compareAnswers(upstream, { status: 200, body: cumulative }, true)).toMatch(/streamed text is not the upstream's: expected "Careful island take bright\." \(27 characters\), got "CarefulCareful island/);
  });

  it('reports an answer the peer made up, an error status and a stream cut short', () => {
    expect(compareAnswers(upstream, { status: 200, body: plainOf('Hello from the gateway') }, false)).toMatch(/answer text is not the upstream's/);
    expect(compareAnswers(upstream, { status: 502, body: '{"error":"bad gateway"}' }, false)).toMatch(/^HTTP 502/);
    expect(compareAnswers(upstream, { status: 200, body: streamOf([upstream]).replace('data: [DONE]\n\n', '') }, true)).toMatch(/does not end with data: \[DONE\]/);
  });
});

describe('summarise with the second peer', () => {
  const row = (target: RunRow['target'], stream: boolean, rps: number): RunRow => ({
    target, kind: 'concurrency', level: 32, stream, rps, sent: rps, completed: rps, errors: 0,
    p50Ms: 1, p90Ms: 1, p99Ms: 1, p999Ms: 1, maxMs: 1, firstByteP50Ms: 0, firstByteP99Ms: 0, cpuUsPerRequest: 100, saturated: false,
  });

  it('gives sovereign / nullplatform and says why its streaming was not measured', () => {
    const rows = [row('floor', false, 1000), row('sovereign', false, 600), row('sovereign', true, 400), row('nullplatform', false, 200)];
    const summary = summarise(plan([]), rows, {}, { portkey: 'left out (--no-portkey)' }, ['floor', 'sovereign', 'nullplatform'], null, { nullplatform: 'its streamed answer 1 of 3 was wrong' });
    expect(summary.ratios.sovereign_vs_nullplatform_rps).toBe(3);
    expect(summary.ratios.sovereign_vs_portkey_rps).toBeNull();
    expect(summary.targets.nullplatform).toMatchObject({ rps: 200, rps_stream: null, streaming_skipped: 'its streamed answer 1 of 3 was wrong' });
    expect(summary.targets.sovereign?.streaming_skipped).toBeUndefined();
  });
});
