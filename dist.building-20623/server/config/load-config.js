import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { configSchema } from "./config-schema.js";
import { interpolateEnv } from "./interpolate-env.js";
/** A configuration file that cannot be used; the message names the file, the path inside it and the reason. */
export class ConfigError extends Error {
    file;
    problems;
    constructor(file, problems) {
        super(`Invalid configuration ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
        this.file = file;
        this.problems = problems;
        this.name = 'ConfigError';
    }
}
/** Reads, interpolates and validates a YAML configuration file. Throws `ConfigError` on any problem. */
export function loadConfigFile(file, env = process.env) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (error) {
        throw new ConfigError(file, [`cannot read the file: ${error.message}`]);
    }
    return parseConfigText(text, file, env);
}
/** Parses configuration text (for tests and for configuration held elsewhere than a file). */
export function parseConfigText(text, file, env = process.env) {
    let document;
    try {
        document = parseYaml(text, { prettyErrors: true }) ?? {};
    }
    catch (error) {
        const detail = error instanceof YAMLParseError ? error.message : String(error);
        throw new ConfigError(file, [`not valid YAML: ${detail}`]);
    }
    return validateConfig(document, file, env);
}
/** Validates an already-parsed configuration object. */
export function validateConfig(document, file, env = process.env) {
    const skippedProviders = [];
    if (document && typeof document === 'object' && Array.isArray(document.providers)) {
        const kept = [];
        for (const provider of document.providers) {
            const required = provider?.requiresEnv;
            const missing = Array.isArray(required) ? required.filter((name) => typeof name === 'string' && !env[name]) : [];
            if (missing.length > 0)
                skippedProviders.push({ id: String(provider.id), missing });
            else
                kept.push(provider);
        }
        document = { ...document, providers: kept };
    }
    const missing = new Set();
    const interpolated = interpolateEnv(document, env, missing);
    const parsed = configSchema.safeParse(interpolated);
    if (!parsed.success)
        throw new ConfigError(file, formatIssues(parsed.error.issues));
    const problems = crossCheck(parsed.data);
    if (problems.length > 0)
        throw new ConfigError(file, problems);
    return { config: parsed.data, file, skippedProviders };
}
function formatIssues(issues) {
    return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}
function formatPath(path) {
    if (path.length === 0)
        return '(root)';
    let text = '';
    for (const segment of path)
        text += typeof segment === 'number' ? `[${segment}]` : text === '' ? String(segment) : `.${String(segment)}`;
    return text;
}
function crossCheck(config) {
    const problems = [];
    const seen = new Set();
    config.providers.forEach((provider, index) => {
        if (seen.has(provider.id))
            problems.push(`providers[${index}].id: duplicate provider id "${provider.id}"`);
        seen.add(provider.id);
        const inProcess = provider.adapter === 'llama-local';
        if (!provider.simulated && !provider.baseUrl && !inProcess) {
            problems.push(`providers[${index}].baseUrl: required unless the provider is simulated or in-process (adapter llama-local)`);
        }
        if (inProcess && provider.simulated)
            problems.push(`providers[${index}].simulated: a llama-local provider runs its models in-process; it cannot be simulated`);
        if (inProcess && provider.baseUrl)
            problems.push(`providers[${index}].baseUrl: a llama-local provider runs its models in-process; it has no base URL`);
        if (!inProcess && provider.llama)
            problems.push(`providers[${index}].llama: only for adapter llama-local`);
        const names = new Set();
        provider.models.forEach((model, modelIndex) => {
            if (names.has(model.name))
                problems.push(`providers[${index}].models[${modelIndex}].name: duplicate model "${model.name}" in provider "${provider.id}"`);
            names.add(model.name);
            if (inProcess && !model.file)
                problems.push(`providers[${index}].models[${modelIndex}].file: required for adapter llama-local (the GGUF file to run)`);
            if (!inProcess && model.file)
                problems.push(`providers[${index}].models[${modelIndex}].file: only for adapter llama-local`);
            if (model.name === 'auto' || model.aliases.includes('auto')) {
                problems.push(`providers[${index}].models[${modelIndex}]: "auto" is reserved (it lets the router choose)`);
            }
        });
    });
    const edgeNames = new Set();
    config.edge.models.forEach((model, index) => {
        if (!model.file)
            problems.push(`edge.models[${index}].file: required (the GGUF file the device downloads from the gateway)`);
        if (edgeNames.has(model.name))
            problems.push(`edge.models[${index}].name: duplicate model "${model.name}"`);
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(model.name))
            problems.push(`edge.models[${index}].name: letters, digits, ".", "_" and "-" only (it names a URL)`);
        edgeNames.add(model.name);
    });
    if (seen.has(config.edge.device.providerId))
        problems.push(`edge.device.providerId: "${config.edge.device.providerId}" is already a provider id`);
    return problems;
}
//# sourceMappingURL=load-config.js.map