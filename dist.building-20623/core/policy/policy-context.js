import { classificationLevels } from "../catalog/catalog-schema.js";
/**
 * The fields CEL conditions may read. Absent strings are bound as `""`, absent lists as `[]`, counts as ints,
 * so conditions need no `has()`, and the generated code relies on these types (checked once per evaluation).
 * Convenience fields: `*.classificationLevel` / `principal.clearanceLevel`
 * (0 = UNCLASSIFIED ... 5 = TOP SECRET), `profile.hasPersonalData`, `profile.personalKinds`,
 * `profile.hasSecrets`, `profile.secretKinds`.
 */
export const policyVariableFields = {
    principal: {
        tenant: 'string', keyId: 'string', clearance: 'string', clearanceLevel: 'int', country: 'string', scopes: 'list', labels: 'list',
    },
    profile: {
        classification: 'string', classificationLevel: 'int', markings: 'list', caveats: 'list', personalData: 'list',
        secrets: 'list', residency: 'string', labels: 'list', hasPersonalData: 'bool', personalKinds: 'list', hasSecrets: 'bool',
        secretKinds: 'list',
    },
    request: {
        model: 'string', dialect: 'string', stream: 'bool', hasTools: 'bool', estimatedInputTokens: 'int', labels: 'list', residency: 'string',
    },
};
const none = Object.freeze([]);
/** Index of a classification in `classificationLevels` (0 = UNCLASSIFIED); unknown levels count as TOP SECRET. */
export function classificationLevel(classification) {
    if (classification === undefined)
        return 0;
    const level = classificationLevels.indexOf(classification);
    return level === -1 ? classificationLevels.length - 1 : level;
}
function toInt(value) {
    return value !== undefined && Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
}
function findings(items) {
    const list = [];
    const kinds = [];
    for (const item of items ?? none) {
        if (item.count <= 0)
            continue;
        list.push({ kind: item.kind, count: toInt(item.count) });
        if (!kinds.includes(item.kind))
            kinds.push(item.kind);
    }
    return { list, kinds };
}
/** Builds the CEL bindings of one request, once; every policy condition reads the same object. */
export function buildPolicyBindings(subject) {
    const { principal, profile, request } = subject;
    const personal = findings(profile.personalData);
    const secrets = findings(profile.secrets);
    return {
        principal: {
            tenant: principal.tenant,
            keyId: principal.keyId ?? '',
            clearance: principal.clearance ?? 'UNCLASSIFIED',
            clearanceLevel: BigInt(classificationLevel(principal.clearance)),
            country: principal.country ?? '',
            scopes: principal.scopes ?? none,
            labels: principal.labels ?? none,
        },
        profile: {
            classification: profile.classification,
            classificationLevel: BigInt(classificationLevel(profile.classification)),
            markings: profile.markings ?? none,
            caveats: profile.caveats ?? none,
            personalData: personal.list,
            secrets: secrets.list,
            residency: profile.residency ?? '',
            labels: profile.labels ?? none,
            hasPersonalData: personal.list.length > 0,
            personalKinds: personal.kinds,
            hasSecrets: secrets.list.length > 0,
            secretKinds: secrets.kinds,
        },
        request: {
            model: request.model,
            dialect: request.dialect ?? '',
            stream: request.stream ?? false,
            hasTools: request.hasTools ?? false,
            estimatedInputTokens: toInt(request.estimatedInputTokens),
            labels: request.labels ?? none,
            residency: request.residency ?? '',
        },
    };
}
//# sourceMappingURL=policy-context.js.map