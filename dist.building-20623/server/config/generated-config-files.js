import { configJsonSchema, configJsonSchemaPath } from "./config-json-schema.js";
import { configReferencePath, renderConfigReference } from "./config-reference.js";
/**
 * The files `npm run docs:config` writes: the Markdown reference and the JSON Schema for editors, both from the zod
 * schema that validates the configuration (a test checks that the committed copies are current).
 */
export function generatedConfigFiles() {
    const schema = configJsonSchema();
    return [
        { path: configJsonSchemaPath, text: `${JSON.stringify(schema, null, 2)}\n` },
        { path: configReferencePath, text: renderConfigReference(schema) },
    ];
}
//# sourceMappingURL=generated-config-files.js.map