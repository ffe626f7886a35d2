import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GatewayError } from "../core/errors/gateway-error.js";
import { createJurisdictions, mergeGroupFiles } from "../core/jurisdictions/index.js";
import { compilePolicies, mergePolicySets } from "../core/policy/index.js";
import { createProviderStats, createRouter } from "../core/router/index.js";
import { createCapabilityIdGenerator } from "../core/ids.js";
import { ConfigError } from "./config/load-config.js";
/** The reference data shipped in `data/`, each file with its source and the date it was checked. */
const dataDirectory = new URL('../../data/', import.meta.url);
function readData(name) {
    return JSON.parse(readFileSync(fileURLToPath(new URL(name, dataDirectory)), 'utf8'));
}
/**
 * Builds everything the sovereignty stages need, once: jurisdictions (ISO countries, EU/EEA/adequacy, export
 * groups, user groups), compiled policies (global and per tenant) and the router's candidate index (with the live
 * transport facts of the providers, when given, for `postQuantumTransport`). Any problem
 * is a `ConfigError` naming the file, the policy and the reason, so a bad policy refuses start-up.
 */
export function createSovereignty(config, providers, file, transport) {
    let jurisdictions;
    let jurisdictionData;
    try {
        jurisdictionData = mergeGroupFiles(readData('jurisdictions.json'), readData('export-control.json'));
        jurisdictions = createJurisdictions(jurisdictionData, config.jurisdictions.groups);
    }
    catch (error) {
        throw new ConfigError(file, [`jurisdictions.groups: ${error.message}`]);
    }
    const expandJurisdiction = (nameOrCode) => jurisdictions.expand(nameOrCode);
    const compile = (policies, path) => {
        try {
            return compilePolicies(policies, { expandJurisdiction }, `${file} ${path}`);
        }
        catch (error) {
            if (GatewayError.isInstance(error))
                throw new ConfigError(file, [`${path}: ${error.message}`]);
            throw error;
        }
    };
    const global = compile(config.policies, 'policies');
    const perTenant = new Map();
    for (const [tenant, settings] of Object.entries(config.tenants)) {
        if (settings.policies.length === 0)
            continue;
        try {
            perTenant.set(tenant, mergePolicySets(global, compile(settings.policies, `tenants.${tenant}.policies`)));
        }
        catch (error) {
            if (error instanceof ConfigError)
                throw error;
            throw new ConfigError(file, [`tenants.${tenant}.policies: ${error.message}`]);
        }
    }
    const stats = createProviderStats();
    const router = createRouter({ providers }, {
        expandJurisdiction,
        stats,
        defaultStrategy: config.routing.defaultStrategy === 'cascade' ? 'cheapest' : config.routing.defaultStrategy,
        weights: config.routing.weights,
        createId: createCapabilityIdGenerator('dec'),
        ...(transport ? { transport } : {}),
    });
    return { jurisdictions, jurisdictionData, router, stats, policiesFor: (tenant) => perTenant.get(tenant) ?? global };
}
//# sourceMappingURL=sovereignty.js.map