import { describe, expect, it } from 'vitest';
import { parseDeclaredHeaders } from './declared-headers.ts';

describe('parseDeclaredHeaders', () => {
  it('reads the three headers, case-insensitively, and normalises them', () => {
    expect(
      parseDeclaredHeaders({
        'X-Sovereign-Classification': ' SECRET//NOFORN ',
        'x-sovereign-residency': 'de',
        'x-sovereign-labels': 'hr, project:apollo,,hr ',
        authorization: 'Bearer not-read',
      }),
    ).toEqual({ classification: 'SECRET//NOFORN', residency: 'DE', labels: ['hr', 'project:apollo'] });
  });

  it('keeps group names as written and treats empty headers as absent', () => {
    expect(parseDeclaredHeaders({ 'x-sovereign-residency': 'adequacy', 'x-sovereign-classification': '  ', 'x-sovereign-labels': '' })).toEqual({ residency: 'adequacy' });
    expect(parseDeclaredHeaders({})).toEqual({});
  });

  it.each([
    ['an unknown level', { 'x-sovereign-classification': 'MEGA SECRET' }, 'x-sovereign-classification'],
    ['two residencies', { 'x-sovereign-residency': 'DE,FR' }, 'x-sovereign-residency'],
    ['a residency with spaces', { 'x-sovereign-residency': 'European Union' }, 'x-sovereign-residency'],
    ['a label with spaces', { 'x-sovereign-labels': 'ok, not ok' }, 'x-sovereign-labels'],
    ['too many labels', { 'x-sovereign-labels': Array.from({ length: 33 }, (_, index) => `l${index}`).join(',') }, 'x-sovereign-labels'],
  ])('refuses %s, naming the header', (_label, headers, param) => {
    expect(() => parseDeclaredHeaders(headers)).toThrow(expect.objectContaining({ code: 'invalid_request', param }));
  });
});
