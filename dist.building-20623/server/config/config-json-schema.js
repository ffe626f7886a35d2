import { z } from 'zod';
import { policySchema } from "../../core/policy/policy-schema.js";
import { configSchema } from "./config-schema.js";
/** Where the editor schema is published in the repository, relative to its root. */
export const configJsonSchemaPath = 'config/sovereign.schema.json';
const coerced = 'x-coerced';
const interpolatedReference = '#/$defs/interpolated';
const policyReference = '#/$defs/policy';
/**
 * The configuration file's JSON Schema for editors (yaml-language-server, VS Code), generated from the zod schema
 * that validates it, so both always agree. Differences from the raw `z.toJSONSchema` output, each because of how
 * the file is read: values that may be written as `${NAME}` (strings with a pattern, format or fixed values, and
 * numbers zod coerces from text) also accept an interpolation, since interpolation happens before validation; and
 * policies (validated separately at start-up, so they can be compiled with CEL positions in errors) are described
 * by the policy schema instead of "anything".
 */
export function configJsonSchema() {
    const schema = z.toJSONSchema(configSchema, {
        io: 'input',
        override(context) {
            if (context.zodSchema._zod.def.coerce)
                context.jsonSchema[coerced] = true;
        },
    });
    const policy = z.toJSONSchema(policySchema, { io: 'input' });
    delete policy.$schema;
    policy.description = 'A named rule: when its CEL `when` holds, it constrains the providers and asks for actions.';
    schema.title = 'Sovereign gateway configuration';
    schema.$defs = {
        interpolated: {
            type: 'string',
            pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}',
            description: '`${NAME}` or `${NAME:-default}`: replaced from the environment before the file is validated.',
        },
        policy,
    };
    const properties = schema.properties;
    properties.policies.items = { $ref: policyReference };
    const tenant = properties.tenants.additionalProperties;
    tenant.properties.policies.items = { $ref: policyReference };
    allowInterpolation(schema);
    allowInterpolation(policy);
    return schema;
}
/** Lets every setting whose written form is constrained also be written as `${NAME}` (see {@link configJsonSchema}). */
function allowInterpolation(node) {
    for (const child of settingNodes(node)) {
        allowInterpolation(child);
        if (child[coerced] === true) {
            delete child[coerced];
            wrap(child);
        }
        else if (child.anyOf?.some(isConstrainedString)) {
            child.anyOf.push({ $ref: interpolatedReference });
        }
        else if (isConstrainedString(child)) {
            wrap(child);
        }
    }
}
/** The nodes a value is written against: properties, list items and map values. */
function settingNodes(node) {
    const nodes = Object.values(node.properties ?? {});
    if (node.items)
        nodes.push(node.items);
    if (typeof node.additionalProperties === 'object')
        nodes.push(node.additionalProperties);
    for (const branch of node.anyOf ?? [])
        nodes.push(...settingNodes(branch));
    return nodes;
}
function isConstrainedString(node) {
    return node.type === 'string' && (node.pattern !== undefined || node.format !== undefined || node.enum !== undefined || node.const !== undefined);
}
/** Turns `node` into `anyOf: [what it was, an interpolation]`, keeping its description and default outside. */
function wrap(node) {
    const { description, default: fallback, ...constraint } = node;
    for (const key of Object.keys(node))
        delete node[key];
    if (description !== undefined)
        node.description = description;
    if (fallback !== undefined)
        node.default = fallback;
    node.anyOf = [constraint, { $ref: interpolatedReference }];
}
//# sourceMappingURL=config-json-schema.js.map