import { configJsonSchema, configJsonSchemaPath } from './config-json-schema.ts';
import { configReferencePath, renderConfigReference } from './config-reference.ts';

/** A file generated from the configuration schema: where it goes (relative to the repository root) and its text. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/**
 * The files `npm run docs:config` writes: the Markdown reference and the JSON Schema for editors, both from the zod
 * schema that validates the configuration (a test checks that the committed copies are current).
 */
export function generatedConfigFiles(): GeneratedFile[] {
  const schema = configJsonSchema();
  return [
    { path: configJsonSchemaPath, text: `${JSON.stringify(schema, null, 2)}\n` },
    { path: configReferencePath, text: renderConfigReference(schema) },
  ];
}
