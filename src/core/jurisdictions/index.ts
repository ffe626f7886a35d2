/** Jurisdictions: countries, groups of countries (EU, EEA, adequacy, export groups) and their scope notes. */
export { createJurisdictions, type Jurisdictions, type GroupDescription } from './create-jurisdictions.ts';
export { mergeGroupFiles } from './merge-group-files.ts';
export {
  jurisdictionsFileSchema,
  groupFileSchema,
  groupDefinitionSchema,
  groupNameSchema,
  userGroupsSchema,
  type JurisdictionsFile,
  type JurisdictionsFileInput,
  type GroupFile,
  type GroupDefinition,
} from './jurisdictions-schema.ts';
