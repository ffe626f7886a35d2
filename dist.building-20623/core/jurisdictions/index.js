/** Jurisdictions: countries, groups of countries (EU, EEA, adequacy, export groups) and their scope notes. */
export { createJurisdictions } from "./create-jurisdictions.js";
export { mergeGroupFiles } from "./merge-group-files.js";
export { jurisdictionsFileSchema, groupFileSchema, groupDefinitionSchema, groupNameSchema, userGroupsSchema, } from "./jurisdictions-schema.js";
//# sourceMappingURL=index.js.map