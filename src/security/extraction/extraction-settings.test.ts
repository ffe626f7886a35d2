import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load-config.ts';
import { actionForScore } from './extraction-policy.ts';
import { extractionSettingsSchema } from './extraction-settings.ts';

describe('extraction settings', () => {
  it('is off by default with a flag / throttle / review policy', () => {
    const settings = extractionSettingsSchema.parse(undefined);
    expect(settings.enabled).toBe(false);
    expect(settings.policy.map((rule) => rule.action)).toEqual(['flag', 'throttle', 'review']);
    expect(actionForScore(0.85, settings.policy)).toBe('throttle');
    expect(actionForScore(0.4, settings.policy)).toBe('none');
  });

  it('refuses a policy whose harsher action needs a lower score, naming the path', () => {
    const result = extractionSettingsSchema.safeParse({ policy: [{ action: 'throttle', minScore: 0.8 }, { action: 'block', minScore: 0.6 }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['policy', 1, 'minScore']);
  });

  it('refuses options on the wrong rule and unknown fields', () => {
    expect(extractionSettingsSchema.safeParse({ policy: [{ action: 'flag', minScore: 0.5, afterRefusals: 3 }] }).error!.issues[0]!.path).toEqual(['policy', 0, 'afterRefusals']);
    expect(extractionSettingsSchema.safeParse({ policy: [{ action: 'block', minScore: 0.5, requestsPerMinute: 3 }] }).error!.issues[0]!.path).toEqual(['policy', 0, 'requestsPerMinute']);
    expect(extractionSettingsSchema.safeParse({ window: 4 }).success).toBe(false);
    expect(extractionSettingsSchema.safeParse({ releases: { 'model-x': 'yesterday' } }).success).toBe(false);
  });

  it('is validated as part of the gateway configuration', () => {
    expect(() => validateConfig({ extraction: { enabled: true, policy: [{ action: 'shout', minScore: 0.5 }] } }, 'sovereign.yaml')).toThrow(/extraction\.policy\.0\.action|extraction.policy\[0\]/);
  });
});
