import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planted, reached, receivedBy, resetSimulators, send, useEvasionGateway, type PlantedKind } from '../helpers/evasion-fleet.ts';
import { anthropicBase, anthropicPlacements, openaiBase, openaiPlacements } from '../helpers/evasion-placements.ts';

/** A random JSON value: what a client may put in a field the gateway does not know. */
const key = fc.string({ minLength: 1, maxLength: 6 });
const leaf = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
})).value;

/**
 * Puts `value` into `node` following `choices`, one per level: deeper into an array item or an object member, or
 * here, as a value, as a key, or inside JSON carried in a string.
 */
function plant(node: unknown, choices: number[], value: string): unknown {
  const choice = choices.shift() ?? 0;
  if (Array.isArray(node) && node.length > 0 && choice % 4 !== 0) {
    const copy = node.slice();
    copy[choice % copy.length] = plant(copy[choice % copy.length], choices, value);
    return copy;
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    const members = Object.keys(node);
    if (choice % 5 === 1) return { ...node, [value]: 0 };
    if (members.length > 0 && choice % 5 !== 0) {
      const member = members[choice % members.length]!;
      return { ...node, [member]: plant((node as Record<string, unknown>)[member], choices, value) };
    }
  }
  if (choice % 3 === 2) return JSON.stringify({ note: [value] });
  return value;
}

/** Where a random tree carrying the datum is put, per dialect: fields the gateway does not interpret. */
const unknownSpots = {
  openai: [
    (carrier: unknown) => ({ x_extension: carrier }),
    (carrier: unknown) => ({ metadata: { x: carrier } }),
    (carrier: unknown) => ({ messages: [{ role: 'user', content: 'Hello', x_note: carrier }] }),
    (carrier: unknown) => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', x_note: carrier }] }] }),
  ],
  anthropic: [
    (carrier: unknown) => ({ x_extension: carrier }),
    (carrier: unknown) => ({ metadata: { user_id: 'u', x: carrier } }),
    (carrier: unknown) => ({ system: [{ type: 'text', text: 'Be brief.', x_note: carrier }] }),
    (carrier: unknown) => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', x_note: carrier }] }] }),
  ],
} as const;

const request = fc.record({
  dialect: fc.constantFrom('openai' as const, 'anthropic' as const),
  kind: fc.constantFrom<PlantedKind>('marking', 'email', 'secret'),
  stream: fc.boolean(),
  known: fc.boolean(),
  spot: fc.nat(),
  carrier: tree,
  choices: fc.array(fc.nat(), { maxLength: 6 }),
});

describe('evasion property: a planted datum reaches no provider the policies forbid', () => {
  const harness = useEvasionGateway();

  it('for random requests, in random fields at random depth, known or unknown', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ dialect, kind, stream, known, spot, carrier, choices }) => {
        resetSimulators(harness());
        const datum = planted[kind];
        let extra: Record<string, unknown>;
        if (known) {
          const placements = dialect === 'openai' ? openaiPlacements : anthropicPlacements;
          const names = Object.keys(placements).filter((name) => kind !== 'marking' || name !== 'an image URL');
          extra = placements[names[spot % names.length]!]!(datum.text);
        } else {
          const spots = unknownSpots[dialect];
          extra = spots[spot % spots.length]!(plant({ wrapper: carrier }, [...choices], datum.text));
        }
        const body = dialect === 'openai' ? openaiBase(extra, stream) : anthropicBase(extra, stream);
        const sent = await send(harness(), dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages', body);
        const allowed = datum.allowed as readonly string[];
        // Nobody outside the allowed destinations received the datum, nor the request that carried it.
        expect(receivedBy(harness(), datum.probe).filter((id) => !allowed.includes(id))).toEqual([]);
        expect(reached(harness()).filter((id) => !allowed.includes(id))).toEqual([]);
        if (kind === 'secret') expect(sent.status, sent.text).toBe(403);
        else expect(sent.status, sent.text).toBe(200);
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
