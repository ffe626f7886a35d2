/**
 * Validates a value against the subset of JSON Schema that structured outputs and tool parameters use in
 * practice: `type` (one or several), `properties`, `required`, `additionalProperties: false`, `items`, `enum`,
 * `const`, `anyOf`, `minItems`/`maxItems`, `minLength`/`maxLength`, `minimum`/`maximum`. Keywords outside the
 * subset are ignored (accepted), so a check never fails an answer for a schema feature it does not know.
 * Returns the first problem as a JSON-pointer-like path and reason, or undefined when the value is valid.
 * @see https://json-schema.org/draft/2020-12/json-schema-validation
 */
export function validateJsonSchema(value, schema, path = '$') {
    if (schema === false)
        return `${path}: no value is allowed here`;
    if (schema === true || schema === undefined || schema === null || typeof schema !== 'object')
        return undefined;
    const rules = schema;
    if (Array.isArray(rules.anyOf)) {
        if (!rules.anyOf.some((option) => validateJsonSchema(value, option, path) === undefined))
            return `${path}: matches none of anyOf`;
    }
    if ('const' in rules && JSON.stringify(rules.const) !== JSON.stringify(value))
        return `${path}: must be ${JSON.stringify(rules.const)}`;
    if (Array.isArray(rules.enum) && !rules.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
        return `${path}: must be one of ${JSON.stringify(rules.enum)}`;
    }
    const types = typeof rules.type === 'string' ? [rules.type] : Array.isArray(rules.type) ? rules.type : undefined;
    if (types && !types.some((type) => hasType(value, type)))
        return `${path}: must be ${types.join(' or ')}`;
    if (typeof value === 'string') {
        if (typeof rules.minLength === 'number' && value.length < rules.minLength)
            return `${path}: shorter than ${rules.minLength}`;
        if (typeof rules.maxLength === 'number' && value.length > rules.maxLength)
            return `${path}: longer than ${rules.maxLength}`;
    }
    if (typeof value === 'number') {
        if (typeof rules.minimum === 'number' && value < rules.minimum)
            return `${path}: below ${rules.minimum}`;
        if (typeof rules.maximum === 'number' && value > rules.maximum)
            return `${path}: above ${rules.maximum}`;
    }
    if (Array.isArray(value)) {
        if (typeof rules.minItems === 'number' && value.length < rules.minItems)
            return `${path}: fewer than ${rules.minItems} items`;
        if (typeof rules.maxItems === 'number' && value.length > rules.maxItems)
            return `${path}: more than ${rules.maxItems} items`;
        for (let index = 0; index < value.length; index++) {
            const problem = validateJsonSchema(value[index], rules.items, `${path}[${index}]`);
            if (problem)
                return problem;
        }
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const object = value;
        for (const name of Array.isArray(rules.required) ? rules.required : []) {
            if (!(name in object))
                return `${path}: missing required property "${name}"`;
        }
        const properties = (rules.properties ?? {});
        for (const [name, item] of Object.entries(object)) {
            if (name in properties) {
                const problem = validateJsonSchema(item, properties[name], `${path}.${name}`);
                if (problem)
                    return problem;
            }
            else if (rules.additionalProperties === false) {
                return `${path}: unexpected property "${name}"`;
            }
            else if (typeof rules.additionalProperties === 'object') {
                const problem = validateJsonSchema(item, rules.additionalProperties, `${path}.${name}`);
                if (problem)
                    return problem;
            }
        }
    }
    return undefined;
}
function hasType(value, type) {
    switch (type) {
        case 'null':
            return value === null;
        case 'array':
            return Array.isArray(value);
        case 'object':
            return value !== null && typeof value === 'object' && !Array.isArray(value);
        case 'integer':
            return typeof value === 'number' && Number.isInteger(value);
        case 'number':
            return typeof value === 'number' && Number.isFinite(value);
        default:
            return typeof value === type;
    }
}
//# sourceMappingURL=validate-json-schema.js.map