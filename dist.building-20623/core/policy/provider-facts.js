import { unverifiedTransport } from "../transport/transport-security.js";
import { classificationLevel } from "./policy-context.js";
/** The facts of a provider; `transportOf` supplies its live transport facts (default: not verified). */
export function providerFactsOf(provider, transportOf) {
    const providerId = provider.id;
    return {
        providerId: provider.id,
        tier: provider.tier,
        jurisdiction: provider.jurisdiction,
        operatorCountry: provider.operator.country,
        clearanceLevel: classificationLevel(provider.clearance),
        clearance: provider.clearance,
        retentionDays: typeof provider.retention === 'number' ? provider.retention : 0,
        trainsOnData: provider.trainsOnData,
        certifications: new Set(provider.certifications),
        get transport() {
            return transportOf === undefined ? unverifiedTransport : transportOf(providerId);
        },
    };
}
//# sourceMappingURL=provider-facts.js.map