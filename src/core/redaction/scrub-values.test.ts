import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../canonical/stream-part.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { profileText } from '../profile/profile-text.ts';
import { createValueScrubber, scrubError, scrubStreamErrors } from './scrub-values.ts';

const texts = ['Mail anna@example.de or call +49 30 1234567', 'CUI\nand again anna@example.de'];
const scrub = createValueScrubber(texts, profileText(texts).findings);

describe('createValueScrubber', () => {
  it('replaces every found value with its placeholder and leaves markings and other text', () => {
    expect(scrub('Invalid content: Mail anna@example.de or call +49 30 1234567. CUI')).toBe('Invalid content: Mail [EMAIL_1] or call [PHONE_1]. CUI');
  });

  it('scrubs an error message and its stack in place', () => {
    const error = new GatewayError('upstream_rejected', { message: 'Provider p answered 400: anna@example.de is invalid' });
    expect(scrubError(error, scrub)).toBe(error);
    expect(error.message).toBe('Provider p answered 400: [EMAIL_1] is invalid');
    expect(error.stack).not.toContain('anna@example.de');
    expect(scrubError('not an error', scrub)).toBe('not an error');
  });

  it('scrubs the error parts of a stream and what it throws', async () => {
    async function* parts(): AsyncGenerator<StreamPart> {
      yield { type: 'text-delta', delta: 'anna@example.de' };
      yield { type: 'error', error: new GatewayError('upstream_error', { message: 'bad: anna@example.de' }) };
      throw new GatewayError('stream_truncated', { message: 'cut at +49 30 1234567' });
    }
    const seen: StreamPart[] = [];
    const thrown = await (async () => {
      for await (const part of scrubStreamErrors(parts(), scrub)) seen.push(part);
    })().catch((error: unknown) => error);
    expect(seen[0]).toEqual({ type: 'text-delta', delta: 'anna@example.de' });
    expect(seen[1]?.type === 'error' && seen[1].error.message).toBe('bad: [EMAIL_1]');
    expect((thrown as Error).message).toBe('cut at [PHONE_1]');
  });
});
