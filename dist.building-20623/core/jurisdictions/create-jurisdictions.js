import { jurisdictionsError, parseJurisdictionsData } from "./jurisdictions-error.js";
import { jurisdictionsFileSchema, userGroupsSchema } from "./jurisdictions-schema.js";
/**
 * Builds the jurisdictions catalogue from `data/jurisdictions.json` (already loaded: core reads no files; merge
 * other group files first with `mergeGroupFiles`) and the operator's own groups. A user group's members are
 * country codes or names of other groups (reference or user groups). Refused, with the name in the message:
 * a user group that redefines an existing group, a group named like a country code, an unknown member, a
 * scope note for a country outside the group, and cycles (`A → B → A`).
 * @see https://www.iso.org/iso-3166-country-codes.html
 */
export function createJurisdictions(data, userGroups = {}) {
    const file = parseJurisdictionsData(jurisdictionsFileSchema, data, 'jurisdictions data');
    const countries = new Map(Object.entries(file.countries));
    const definitions = new Map();
    const define = (name, definition, userDefined) => {
        const key = name.toLowerCase();
        const existing = definitions.get(key);
        if (existing !== undefined) {
            throw jurisdictionsError(`Group "${name}" is already defined${existing.userDefined ? '' : ' in the jurisdictions data'}; choose another name.`, { group: name });
        }
        if (countries.has(name.toUpperCase())) {
            throw jurisdictionsError(`Group "${name}" has the name of a country code; choose another name.`, { group: name });
        }
        definitions.set(key, { ...definition, name, userDefined });
    };
    for (const [name, definition] of Object.entries(file.groups))
        define(name, definition, false);
    const users = parseJurisdictionsData(userGroupsSchema, userGroups, 'user-defined groups');
    for (const [name, members] of Object.entries(users))
        define(name, { description: 'Defined in the configuration.', members, scope: {} }, true);
    const resolved = new Map();
    const resolve = (key, path) => {
        const done = resolved.get(key);
        if (done !== undefined)
            return done;
        const description = definitions.get(key);
        if (path.includes(key)) {
            const cycle = [...path.slice(path.indexOf(key)), key].map((step) => definitions.get(step).name);
            throw jurisdictionsError(`Groups refer to each other in a cycle: ${cycle.join(' → ')}.`, { cycle });
        }
        const members = new Set();
        const scope = new Map();
        for (const member of description.members) {
            const code = member.toUpperCase();
            if (countries.has(code)) {
                members.add(code);
                continue;
            }
            const included = definitions.get(member.toLowerCase());
            if (included === undefined) {
                throw jurisdictionsError(`Group "${description.name}" lists "${member}", which is neither a country code nor a group.`, { group: description.name, member });
            }
            const inner = resolve(member.toLowerCase(), [...path, key]);
            for (const country of inner.countries)
                members.add(country);
            for (const [country, note] of inner.scope)
                scope.set(country, note);
        }
        for (const [country, note] of Object.entries(description.scope)) {
            if (!members.has(country)) {
                throw jurisdictionsError(`Group "${description.name}" has a scope note for ${country}, which is not a member.`, { group: description.name, country });
            }
            scope.set(country, note);
        }
        const result = { description, countries: members, scope };
        resolved.set(key, result);
        return result;
    };
    for (const key of definitions.keys())
        resolve(key, []);
    const membership = new Map();
    for (const { description, countries: members } of resolved.values()) {
        for (const country of members)
            membership.set(country, [...(membership.get(country) ?? []), description.name]);
    }
    for (const names of membership.values())
        names.sort((first, second) => first.localeCompare(second));
    const singletons = new Map([...countries.keys()].map((code) => [code, new Set([code])]));
    const lookup = (nameOrCode) => singletons.get(nameOrCode) ?? resolved.get(nameOrCode.toLowerCase())?.countries ?? singletons.get(nameOrCode.toUpperCase());
    const unknown = (nameOrCode) => jurisdictionsError(`"${nameOrCode}" is neither an ISO 3166-1 alpha-2 country code nor a known group (${[...definitions.values()].map((group) => group.name).join(', ')}).`, { name: nameOrCode });
    const group = (name) => {
        const found = resolved.get(name.toLowerCase());
        if (found === undefined)
            throw unknown(name);
        return found;
    };
    return {
        countries,
        groupNames: [...definitions.values()].map((definition) => definition.name),
        isCountry: (code) => countries.has(code.toUpperCase()),
        isGroup: (name) => definitions.has(name.toLowerCase()),
        expand(nameOrCode) {
            const found = lookup(nameOrCode);
            if (found === undefined)
                throw unknown(nameOrCode);
            return found;
        },
        inGroup(country, groupOrCode) {
            const found = lookup(groupOrCode);
            if (found === undefined)
                throw unknown(groupOrCode);
            return found.has(country) || found.has(country.toUpperCase());
        },
        groupsOf: (country) => [...(membership.get(country.toUpperCase()) ?? [])],
        scopeNote: (country, name) => group(name).scope.get(country.toUpperCase()),
        describe: (name) => group(name).description,
    };
}
//# sourceMappingURL=create-jurisdictions.js.map