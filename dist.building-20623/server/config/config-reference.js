import { configJsonSchemaPath } from "./config-json-schema.js";
/** Where the generated reference is published in the repository, relative to its root. */
export const configReferencePath = 'docs/configuration.md';
const largestSafeInteger = Number.MAX_SAFE_INTEGER;
const mapKeyNames = { tenants: '<tenant>', groups: '<group>', headers: '<header>', quality: '<benchmark>' };
/**
 * Every setting of the configuration schema, depth first in the schema's order, with its type, default and
 * description. Policies (a `$ref` to `#/$defs/policy`) are listed once, under `policies[]`.
 */
export function settingRows(schema) {
    const rows = [];
    const policy = schema.$defs?.policy;
    for (const [key, child] of Object.entries(schema.properties ?? {}))
        walk(child, key, schema.required?.includes(key) ?? false, rows);
    if (policy)
        for (const [key, child] of Object.entries(policy.properties ?? {}))
            walk(child, `policies[].${key}`, policy.required?.includes(key) ?? false, rows);
    return rows;
}
function walk(node, path, required, rows) {
    const items = node.items;
    const values = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
    const nested = node.properties ?? (items?.properties ? undefined : values?.properties);
    const leaf = !node.properties && !items?.properties && !values?.properties;
    rows.push({ path, type: typeText(node), ...(node.default === undefined ? {} : { default: node.default }), required, description: node.description ?? '', leaf });
    if (node.properties) {
        for (const [key, child] of Object.entries(node.properties))
            walk(child, `${path}.${key}`, node.required?.includes(key) ?? false, rows);
    }
    else if (items?.properties) {
        for (const [key, child] of Object.entries(items.properties))
            walk(child, `${path}[].${key}`, items.required?.includes(key) ?? false, rows);
    }
    else if (values && nested) {
        const name = mapKeyNames[path.split('.').at(-1) ?? ''] ?? '<name>';
        for (const [key, child] of Object.entries(nested))
            walk(child, `${path}.${name}.${key}`, values.required?.includes(key) ?? false, rows);
    }
}
/** A node's type in words: `integer ≥ 0`, `"cheapest" | "fastest"`, `list of string`, `map of string`. */
export function typeText(node) {
    if (node.$ref === '#/$defs/policy')
        return 'policy';
    if (node.anyOf) {
        const branches = node.anyOf.filter((branch) => branch.$ref !== '#/$defs/interpolated');
        return branches.map(typeText).join(' or ');
    }
    if (node.enum)
        return node.enum.map((value) => JSON.stringify(value)).join(' | ');
    if (node.const !== undefined)
        return JSON.stringify(node.const);
    switch (node.type) {
        case 'string':
            return `string${node.pattern ? ` matching \`${node.pattern}\`` : ''}${node.format ? ` (${node.format})` : ''}`;
        case 'integer':
        case 'number':
            return `${node.type}${boundsText(node)}`;
        case 'array': {
            const least = typeof node.minItems === 'number' && node.minItems > 0 ? ` (at least ${node.minItems})` : '';
            return `list of ${node.items?.properties ? 'objects' : node.items ? typeText(node.items) : 'anything'}${least}`;
        }
        case 'object':
            if (node.properties)
                return 'object';
            if (typeof node.additionalProperties === 'object')
                return `map of ${node.additionalProperties.properties ? 'objects' : typeText(node.additionalProperties)}`;
            return 'object';
        case undefined:
            return 'anything';
        default:
            return node.type;
    }
}
function boundsText(node) {
    const minimum = node.minimum === -largestSafeInteger ? undefined : node.minimum;
    const exclusiveMinimum = node.exclusiveMinimum;
    const maximum = node.maximum === largestSafeInteger ? undefined : node.maximum;
    const parts = [];
    if (minimum !== undefined && maximum !== undefined)
        return ` ${minimum} to ${maximum}`;
    if (minimum !== undefined)
        parts.push(`≥ ${minimum}`);
    if (exclusiveMinimum !== undefined)
        parts.push(`> ${exclusiveMinimum}`);
    if (maximum !== undefined)
        parts.push(`≤ ${maximum}`);
    return parts.length === 0 ? '' : ` ${parts.join(' and ')}`;
}
/** A table cell: pipes escaped, line breaks flattened. */
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
function defaultText(row) {
    if (row.required)
        return '**required**';
    if (row.default === undefined)
        return '';
    return `\`${JSON.stringify(row.default)}\``;
}
/**
 * The configuration reference as Markdown: an introduction, then one table per top-level section. Generated, never
 * edited by hand: `npm run docs:config` writes it, and a test fails when the committed file differs.
 */
export function renderConfigReference(schema) {
    const rows = settingRows(schema);
    const lines = [
        '# Configuration reference',
        '',
        '<!-- Generated by `npm run docs:config` from the zod schema (src/server/config/config-schema.ts and the schemas it',
        '     uses). Edit the schema, then run the script; a test fails when this file is out of date. -->',
        '',
        '`sovereign serve` reads the YAML file named by `SOVEREIGN_CONFIG` (default `config/default.yaml`); `sovereign doctor',
        '--config FILE` checks one without starting anything. Every setting below is optional unless marked **required**;',
        'objects are strict, so a misspelt key is an error rather than a silently ignored setting. An invalid file is refused',
        'at start-up with the file, the path inside it and the reason (exit code 78).',
        '',
        'Any text value may be written as `${NAME}` or `${NAME:-default}`: it is replaced from the environment before the',
        'file is validated (in values, never in keys; `$${...}` is a literal). Replacement gives text, so a setting that',
        'takes a number or a boolean cannot be written that way, except `server.port`, which is read from text.',
        '',
        `Editors that understand JSON Schema (VS Code with the YAML extension, any yaml-language-server client) check the file`,
        `as you type with \`${configJsonSchemaPath}\`, generated from the same schema; \`config/default.yaml\` names it on its`,
        'first line (`# yaml-language-server: $schema=...`). Paths: `a.b` is a key inside a section, `a[].b` a key of each',
        'item of a list, `a.<name>.b` a key of each entry of a map.',
        '',
    ];
    const sections = new Map();
    for (const row of rows) {
        const section = row.path.startsWith('policies[]') ? 'policies' : row.path.split(/[.[]/)[0];
        if (!sections.has(section))
            sections.set(section, []);
        sections.get(section).push(row);
    }
    for (const [section, sectionRows] of sections) {
        const top = sectionRows.find((row) => row.path === section);
        lines.push(`## \`${section}\``, '');
        if (top?.description)
            lines.push(top.description, '');
        if (section === 'policies') {
            lines.push('Each policy (global here, or a tenant\'s own under `tenants.<tenant>.policies`):', '');
        }
        lines.push('| setting | type | default | description |', '|---|---|---|---|');
        for (const row of sectionRows) {
            if (row.path === section)
                continue;
            lines.push(`| \`${cell(row.path)}\` | ${cell(row.type)} | ${cell(defaultText(row))} | ${cell(row.description)} |`);
        }
        lines.push('');
    }
    return lines.join('\n');
}
//# sourceMappingURL=config-reference.js.map