import { computeFeatures, requestsPerDay, type FeatureContext, type SubjectFeatures } from './subject-features.ts';
import type { PromptRecord, SubjectWindow } from './subject-window.ts';
import { median } from './window-statistics.ts';

/** Most records pooled from a group's keys. */
export const poolSize = 256;

/** A member of a group as its pooled features need it. */
export interface PoolMember {
  window: SubjectWindow;
  features?: SubjectFeatures;
}

/**
 * The signals of a group of keys as one subject: content and template signals over their most recent records
 * pooled (a campaign spread thin has few requests per key but one template across them all), volume summed, and
 * timing (inter-arrival regularity, active hours, reaction to releases) as the median member's. Returns the pooled
 * records too (the group's vocabulary is taken from them).
 */
export function pooledFeatures(members: readonly PoolMember[], context: FeatureContext): { features: SubjectFeatures; template: Uint32Array; pool: PromptRecord[] } {
  const perMember = Math.max(1, Math.ceil(poolSize / Math.max(1, members.length)));
  const pool: PromptRecord[] = [];
  for (const member of members) for (const record of member.window.recent(perMember)) pool.push(record);
  pool.sort((left, right) => left.time - right.time);
  const { features, template } = computeFeatures(pool, undefined, context);
  const evaluated = members.map((member) => member.features).filter((features): features is SubjectFeatures => features !== undefined);
  const middle = (pick: (features: SubjectFeatures) => number) => {
    const values = evaluated.map(pick).filter((value) => !Number.isNaN(value));
    return values.length === 0 ? Number.NaN : median(values);
  };
  return {
    features: {
      ...features,
      requestsPerDay: members.reduce((sum, member) => sum + requestsPerDay(member.window, context.now), 0),
      activeHours: Number.isNaN(middle((member) => member.activeHours)) ? 0 : middle((member) => member.activeHours),
      interArrivalCv: middle((member) => member.interArrivalCv),
      releaseShift: Number.isNaN(middle((member) => member.releaseShift)) ? 0 : middle((member) => member.releaseShift),
    },
    template,
    pool,
  };
}
