import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../canonical/stream-part.ts';
import { restoreChatResult, restoreStreamParts } from './restore-answer.ts';
import { Restorer } from './restorer.ts';
import { splitAt } from './test-support.ts';

const restorer = new Restorer(new Map([['[EMAIL_1]', 'anna@example.de'], ['[NAME_1]', 'Jo "JJ" Smith']]));
const finish: StreamPart = { type: 'finish', finishReason: { unified: 'stop' }, usage: { inputTokens: 1, outputTokens: 2 } };

async function collect(parts: StreamPart[]): Promise<StreamPart[]> {
  async function* source() {
    yield* parts;
  }
  const out: StreamPart[] = [];
  for await (const part of restoreStreamParts(source(), restorer)) out.push(part);
  return out;
}

describe('restoreStreamParts', () => {
  it('restores a placeholder split across deltas and releases held text before the tool call and the finish', async () => {
    const parts = await collect([
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', delta: 'Hi [EMA' },
      { type: 'text-delta', delta: 'IL_1] [EM' },
      { type: 'tool-input-start', index: 0, id: 'c1', name: 'send' },
      { type: 'tool-input-delta', index: 0, delta: '{"to":"[NAM' },
      { type: 'tool-input-delta', index: 0, delta: 'E_1]","x":"[E' },
      { type: 'tool-input-end', index: 0 },
      finish,
    ]);
    expect(parts).toEqual([
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', delta: 'Hi ' },
      { type: 'text-delta', delta: 'anna@example.de ' },
      { type: 'text-delta', delta: '[EM' },
      { type: 'tool-input-start', index: 0, id: 'c1', name: 'send' },
      { type: 'tool-input-delta', index: 0, delta: '{"to":"' },
      { type: 'tool-input-delta', index: 0, delta: 'Jo \\"JJ\\" Smith","x":"' },
      { type: 'tool-input-delta', index: 0, delta: '[E' },
      { type: 'tool-input-end', index: 0 },
      finish,
    ]);
    const args = parts.flatMap((part) => (part.type === 'tool-input-delta' ? [part.delta] : [])).join('');
    expect(JSON.parse(`${args}"}`)).toEqual({ to: 'Jo "JJ" Smith', x: '[E' });
  });

  it('releases what it holds when the stream ends without finish', async () => {
    expect(await collect([{ type: 'text-delta', delta: 'to [EMAIL_' }])).toEqual([
      { type: 'text-delta', delta: 'to ' },
      { type: 'text-delta', delta: '[EMAIL_' },
    ]);
  });

  it('gives the whole-text restore for any split of the text into deltas, with usage parts in between', async () => {
    const text = fc.array(fc.constantFrom('[EMAIL_1]', '[NAME_1]', '[EMAIL_', '1]', '[', 'ab ', ' '), { maxLength: 20 }).map((pieces) => pieces.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 10 }), async (answer, cuts) => {
        const input: StreamPart[] = splitAt(answer, cuts).flatMap((delta) => [
          { type: 'text-delta', delta } as const,
          { type: 'usage', usage: { outputTokens: 1 } } as const,
        ]);
        const output = await collect([...input, finish]);
        const restored = output.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
        expect(restored).toBe(restorer.restoreText(answer));
        expect(output.at(-1)).toEqual(finish);
        expect(output.some((part) => part.type === 'text-delta' && part.delta === '')).toBe(false);
      }),
    );
  });
});

describe('restoreChatResult', () => {
  it('restores text and tool-call arguments', () => {
    const result = restoreChatResult(
      {
        model: 'm',
        content: [
          { type: 'text', text: 'Mail [EMAIL_1]' },
          { type: 'tool-call', id: 'c', name: 'send', arguments: '{"to":"[NAME_1]"}' },
        ],
        finishReason: { unified: 'stop' },
        usage: { inputTokens: 1, outputTokens: 1 },
        warnings: [],
      },
      restorer,
    );
    expect(result.content).toEqual([
      { type: 'text', text: 'Mail anna@example.de' },
      { type: 'tool-call', id: 'c', name: 'send', arguments: '{"to":"Jo \\"JJ\\" Smith"}' },
    ]);
  });
});
