import { classificationLevels } from "../catalog/catalog-schema.js";
import { GatewayError } from "../errors/gateway-error.js";
import { caveatsOf } from "./classification-marking.js";
const rank = new Map(classificationLevels.map((level, index) => [level, index]));
/** The position of `level` in {@link classificationLevels}, lowest first. */
export function classificationRank(level) {
    return rank.get(level) ?? 0;
}
/** The higher of two levels. */
export function higherClassification(first, second) {
    return classificationRank(second) > classificationRank(first) ? second : first;
}
const separators = /[\s_-]+/g;
/** A declared value short and plain enough to repeat in an error message. */
const showable = /^[\w -]{1,40}$/;
/** Names a declared level may be given by, after upper-casing and turning `_`, `-` and runs of spaces into one space. */
const levelNames = {
    UNCLASSIFIED: { level: 'UNCLASSIFIED', caveats: [] },
    U: { level: 'UNCLASSIFIED', caveats: [] },
    OFFICIAL: { level: 'OFFICIAL', caveats: [] },
    'OFFICIAL SENSITIVE': { level: 'OFFICIAL', caveats: ['OFFICIAL-SENSITIVE'] },
    CUI: { level: 'CUI', caveats: [] },
    CONTROLLED: { level: 'CUI', caveats: [] },
    CONFIDENTIAL: { level: 'CONFIDENTIAL', caveats: [] },
    C: { level: 'CONFIDENTIAL', caveats: [] },
    SECRET: { level: 'SECRET', caveats: [] },
    S: { level: 'SECRET', caveats: [] },
    'TOP SECRET': { level: 'TOP SECRET', caveats: [] },
    TS: { level: 'TOP SECRET', caveats: [] },
};
/**
 * Parses a declared classification: a level name in any case, with `-`, `_` or spaces (`top_secret`, `TS`,
 * `official-sensitive`, `controlled`), optionally followed by `//` caveats as in a banner (`SECRET//NOFORN`).
 * An unknown level is refused with `invalid_request` naming the accepted levels, never silently lowered.
 * @param param where the value came from, for the error (`x-sovereign-classification`).
 */
export function parseDeclaredClassification(value, param) {
    const [head = '', ...segments] = value.trim().split('//');
    const name = head.toUpperCase().replace(separators, ' ').trim();
    const known = levelNames[name];
    if (known === undefined) {
        const shown = showable.test(head.trim()) ? ` "${head.trim()}"` : '';
        throw new GatewayError('invalid_request', {
            param,
            message: `Unknown classification${shown} in ${param}; expected one of ${classificationLevels.join(', ')} (or OFFICIAL-SENSITIVE, CONTROLLED, U, C, S, TS).`,
        });
    }
    const caveats = caveatsOf(segments.map((segment) => segment.trim().toUpperCase()).filter((segment) => segment !== ''));
    return { level: known.level, caveats: [...known.caveats, ...caveats] };
}
//# sourceMappingURL=classification-level.js.map