/**
 * The part of node-llama-cpp 3.21.1 the `llama-local` adapter uses, typed structurally so the gateway type-checks,
 * installs and runs without the optional package (it is imported only when a `llama-local` provider is configured).
 * @see https://node-llama-cpp.withcat.ai/api/
 */
var __rewriteRelativeImportExtension = (this && this.__rewriteRelativeImportExtension) || function (path, preserveJsx) {
    if (typeof path === "string" && /^\.\.?\//.test(path)) {
        return path.replace(/\.(tsx)$|((?:\.d)?)((?:\.[^./]+?)?)\.([cm]?)ts$/i, function (m, tsx, d, ext, cm) {
            return tsx ? preserveJsx ? ".jsx" : ".js" : d && (!ext || !cm) ? m : (d + ext + "." + cm.toLowerCase() + "js");
        });
    }
    return path;
};
/** The package name and the exact version the adapter is built and tested against. */
export const nodeLlamaCppPackage = 'node-llama-cpp';
export const nodeLlamaCppVersion = '3.21.1';
const loaded = new Map();
/**
 * Imports node-llama-cpp once, on first use (`specifier` exists for tests). When the optional package is absent the
 * error names it and how to install it; any other failure (a native binary that cannot load) keeps its cause.
 */
export function loadNodeLlamaCpp(specifier = nodeLlamaCppPackage) {
    let loading = loaded.get(specifier);
    if (loading)
        return loading;
    loading = import(__rewriteRelativeImportExtension(specifier)).then((module) => module, (error) => {
        loaded.delete(specifier);
        const code = error.code;
        if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
            throw new Error(`the llama-local adapter needs the optional package ${nodeLlamaCppPackage}, which is not installed: ` +
                `run "npm install -E ${nodeLlamaCppPackage}@${nodeLlamaCppVersion}" (or remove the llama-local provider)`, { cause: error });
        }
        throw new Error(`${nodeLlamaCppPackage} could not be loaded: ${error.message}`, { cause: error });
    });
    loaded.set(specifier, loading);
    return loading;
}
//# sourceMappingURL=node-llama-cpp-module.js.map