import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configJsonSchemaPath, type JsonSchema } from './config-json-schema.ts';
import { settingRows, typeText } from './config-reference.ts';
import { generatedConfigFiles } from './generated-config-files.ts';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(repository, path), 'utf8');

describe('the generated configuration reference', () => {
  it.each(generatedConfigFiles().map((file) => [file.path, file.text]))('%s is what `npm run docs:config` writes', (path, text) => {
    const committed = read(path);
    expect(committed === text, `${path} is out of date: run \`npm run docs:config\` and commit the result`).toBe(true);
  });

  it('is named by the default configuration, so editors check it as it is typed', () => {
    const firstLine = read('config/default.yaml').split('\n')[0];
    expect(firstLine).toBe(`# yaml-language-server: $schema=./${configJsonSchemaPath.split('/').at(-1)}`);
  });

  it('lets a constrained value be an environment variable, since interpolation happens before validation', () => {
    const schema = configJsonSchema();
    const provider = schema.properties!.providers!.items!;
    const jurisdiction = provider.properties!.jurisdiction!;
    expect(jurisdiction.anyOf).toEqual([{ type: 'string', pattern: '^[A-Z]{2}$' }, { $ref: '#/$defs/interpolated' }]);
    expect(jurisdiction.description).toContain('ISO 3166-1');
    const port = schema.properties!.server!.properties!.port!;
    expect(port).toMatchObject({ default: 8787, anyOf: [{ type: 'integer', minimum: 0, maximum: 65535 }, { $ref: '#/$defs/interpolated' }] });
    // A plain number is not read from text: an interpolation there would be refused, so the editor refuses it too.
    expect(schema.properties!.server!.properties!.bodyLimitBytes!.anyOf).toBeUndefined();
    const interpolated = new RegExp(schema.$defs!.interpolated!.pattern!);
    expect(interpolated.test('${PORT:-8787}')).toBe(true);
    expect(interpolated.test('8787')).toBe(false);
  });

  it('describes policies by the policy schema, globally and per tenant', () => {
    const schema = configJsonSchema();
    expect(schema.properties!.policies!.items).toEqual({ $ref: '#/$defs/policy' });
    const tenant = schema.properties!.tenants!.additionalProperties as JsonSchema;
    expect(tenant.properties!.policies!.items).toEqual({ $ref: '#/$defs/policy' });
    expect(Object.keys(schema.$defs!.policy!.properties!)).toEqual(['name', 'description', 'when', 'require', 'actions']);
  });

  it('lists every setting with its type, default and description', () => {
    const rows = new Map(settingRows(configJsonSchema()).map((row) => [row.path, row]));
    expect(rows.get('server.upstreamIdleTimeoutMs')).toMatchObject({ type: 'integer > 0', default: 120_000, leaf: true });
    expect(rows.get('providers[].models[].price.input')).toMatchObject({ type: 'number ≥ 0', required: true });
    expect(rows.get('tenants.<tenant>.budgets.usdPerDay')).toMatchObject({ type: 'number ≥ 0', required: false });
    expect(rows.get('providers[].retention')?.type).toBe('"none" or "zero" or integer ≥ 0');
    expect(rows.get('policies[].require.minClearance')?.type).toContain('"classification"');
    expect(rows.get('routing.retry')).toMatchObject({ type: 'object', leaf: false });
  });

  it('writes types in words', () => {
    expect(typeText({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })).toBe('integer ≥ 0');
    expect(typeText({ type: 'number', exclusiveMinimum: 0, maximum: 1 })).toBe('number > 0 and ≤ 1');
    expect(typeText({ type: 'array', items: { type: 'string' }, minItems: 1 })).toBe('list of string (at least 1)');
    expect(typeText({ type: 'object', additionalProperties: { type: 'string' } })).toBe('map of string');
    expect(typeText({ anyOf: [{ type: 'string', enum: ['a', 'b'] }, { $ref: '#/$defs/interpolated' }] })).toBe('"a" | "b"');
  });
});

/** Files that only declare the schemas (their own mentions of a setting are not reads). */
const declaringFiles = new Set([
  'server/config/config-schema.ts',
  'server/config/config-json-schema.ts',
  'server/config/config-reference.ts',
  'server/config/generated-config-files.ts',
  'core/catalog/catalog-schema.ts',
  'core/policy/policy-schema.ts',
  'server/reliability/reliability-config.ts',
  'security/budget/budget-limits.ts',
  'security/rate-limit/rate-limits.ts',
]);

/** Source text without comments (a comment that names a setting does not read it). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The source of every non-test TypeScript file under src, except the declaring ones, without comments. */
function readingSources(): string {
  const source = join(repository, 'src');
  const texts: string[] = [];
  for (const entry of readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const relative = join(entry.parentPath, entry.name).slice(source.length + 1);
    if (declaringFiles.has(relative) || relative.includes('test-support') || relative.includes('__fixtures__')) continue;
    texts.push(withoutComments(readFileSync(join(entry.parentPath, entry.name), 'utf8')));
  }
  return texts.join('\n');
}

/** Whether `source` reads a property named `key`: `x.key`, `x?.key`, `x['key']`, or `{ key }` destructured. */
function readsKey(source: string, key: string): boolean {
  const name = key.replace(/[$]/g, '\\$');
  return new RegExp(`(?:\\?\\.|\\.)${name}\\b|\\[['"]${name}['"]\\]|\\{[^{}]*\\b${name}\\b[^{}]*\\}\\s*[:=]`).test(source);
}

describe('every setting is read', () => {
  // A name-based check: a setting counts as read when some source outside the schema files reads a property of its
  // name. Distinctive names (`upstreamIdleTimeoutMs`, `hardware`) are checked exactly; common ones (`enabled`) can
  // be satisfied by another object's property of the same name.
  const source = readingSources();
  const leaves = settingRows(configJsonSchema()).filter((row) => row.leaf);

  it('finds the read of a setting that is read, and none for one that is not', () => {
    expect(readsKey(source, 'upstreamIdleTimeoutMs')).toBe(true);
    expect(readsKey('const { host, port } = config.server;', 'port')).toBe(true);
    expect(readsKey('const x = { upstreamIdleTimeoutMs: 5 };', 'upstreamIdleTimeoutMs')).toBe(false);
    expect(readsKey(source, 'neverDeclaredAnywhereSetting')).toBe(false);
    expect(readsKey(withoutComments('/** See `server.upstreamIdleTimeoutMs`. */\n// config.server.upstreamIdleTimeoutMs\n'), 'upstreamIdleTimeoutMs')).toBe(false);
    expect(readsKey(withoutComments("const url = 'http://x'; read(config.server.upstreamIdleTimeoutMs);"), 'upstreamIdleTimeoutMs')).toBe(true);
  });

  it('has no setting that is parsed but never read anywhere in src', () => {
    expect(leaves.length).toBeGreaterThan(100);
    const unread = leaves.map((row) => row.path).filter((path) => !readsKey(source, path.split('.').at(-1)!.replace('[]', '')));
    expect(unread, 'settings parsed but never read: wire them through or remove them').toEqual([]);
  });
});
