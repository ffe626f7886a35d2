import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { groupsFor, serverGroupList } from "../../security/tls/tls-groups.js";
/**
 * Checks `server.tls` at start-up: `require` on a runtime without post-quantum TLS is refused (fail closed: the
 * gateway does not start rather than serve classical TLS), the certificate and key must be readable and belong
 * together. Each problem names its setting and file, never the key's content. Relative paths start at `baseDirectory`
 * (the configuration file's). On Node 20 and 22 only groups OpenSSL 3.0 knows are ever passed to it (a refused group
 * leaves an error on OpenSSL's queue that breaks later crypto calls).
 */
export function loadListenerTls(settings, baseDirectory, runtime) {
    const mode = settings.postQuantum;
    const ecdhCurve = serverGroupList(mode, runtime);
    if (ecdhCurve === undefined) {
        throw new Error(`server.tls.postQuantum: require accepts only post-quantum key exchange, and ${runtime.summary}; use prefer, or run on Node 24`);
    }
    const certPath = isAbsolute(settings.certFile) ? settings.certFile : resolve(baseDirectory, settings.certFile);
    const keyPath = isAbsolute(settings.keyFile) ? settings.keyFile : resolve(baseDirectory, settings.keyFile);
    const read = () => {
        const options = { cert: readSetting('certFile', certPath), key: readSetting('keyFile', keyPath), ecdhCurve };
        try {
            createSecureContext(options);
        }
        catch (error) {
            throw new Error(`server.tls: certFile ${certPath} and keyFile ${keyPath} do not make a TLS identity (${error.message})`);
        }
        return options;
    };
    read();
    const groups = groupsFor(mode, runtime);
    const preference = mode === 'off' ? 'classical only' : mode === 'require' ? 'post-quantum required' : runtime.supported ? 'post-quantum preferred' : 'classical (post-quantum unavailable on this runtime)';
    return { mode, certPath, keyPath, serverGroups: { groups, tuples: runtime.groupTuples }, read, summary: `TLS, ${preference} (${ecdhCurve})` };
}
function readSetting(setting, path) {
    try {
        return readFileSync(path);
    }
    catch (error) {
        throw new Error(`server.tls.${setting}: ${path} cannot be read (${error.code ?? error.message})`);
    }
}
//# sourceMappingURL=listener-tls.js.map