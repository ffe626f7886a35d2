import { jurisdictionsError, parseJurisdictionsData } from "./jurisdictions-error.js";
import { groupFileSchema, jurisdictionsFileSchema } from "./jurisdictions-schema.js";
/**
 * Adds the groups of other files (such as `data/export-control.json`) to a jurisdictions catalogue. Each added
 * group keeps its file's `source` and `checked` unless it states its own. A name defined twice (ignoring case)
 * is refused: a group must mean one thing.
 */
export function mergeGroupFiles(base, ...extras) {
    const merged = parseJurisdictionsData(jurisdictionsFileSchema, base, 'jurisdictions data');
    const groups = { ...merged.groups };
    const taken = new Map(Object.keys(groups).map((name) => [name.toLowerCase(), name]));
    for (const extra of extras) {
        const file = parseJurisdictionsData(groupFileSchema, extra, 'group file');
        for (const [name, group] of Object.entries(file.groups)) {
            const existing = taken.get(name.toLowerCase());
            if (existing !== undefined) {
                throw jurisdictionsError(`Group "${name}" is defined twice (also as "${existing}").`, { group: name });
            }
            taken.set(name.toLowerCase(), name);
            groups[name] = { ...group, source: group.source ?? file.source, checked: group.checked ?? file.checked };
        }
    }
    return { ...merged, groups };
}
//# sourceMappingURL=merge-group-files.js.map