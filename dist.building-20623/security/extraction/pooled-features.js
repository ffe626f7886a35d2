import { computeFeatures, requestsPerDay } from "./subject-features.js";
import { median } from "./window-statistics.js";
/** Most records pooled from a group's keys. */
export const poolSize = 256;
/**
 * The signals of a group of keys as one subject: content and template signals over their most recent records
 * pooled (a campaign spread thin has few requests per key but one template across them all), volume summed, and
 * timing (inter-arrival regularity, active hours, reaction to releases) as the median member's.
 */
export function pooledFeatures(members, context) {
    const perMember = Math.max(1, Math.ceil(poolSize / Math.max(1, members.length)));
    const pool = [];
    for (const member of members)
        for (const record of member.window.recent(perMember))
            pool.push(record);
    pool.sort((left, right) => left.time - right.time);
    const { features, template } = computeFeatures(pool, undefined, context);
    const evaluated = members.map((member) => member.features).filter((features) => features !== undefined);
    const middle = (pick) => {
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
    };
}
//# sourceMappingURL=pooled-features.js.map