import { faultSpecSchema, simulatedModelSchema } from "./simulator-schemas.js";
/**
 * The simulator's own HTTP API under `/_sim/`, for the `sovereign simulate` command and for tests that run the
 * simulator in another process. Never recorded, never faulted, never authenticated (it binds 127.0.0.1).
 *
 * `GET /_sim/received` → ReceivedRequest[]; `GET /_sim/events` → SimulatorEvent[]; `GET /_sim/faults` → pending
 * faults; `POST /_sim/faults` (FaultSpec) → 201; `DELETE /_sim/faults` → 204; `POST /_sim/models`
 * (SimulatedModel) → 200; `POST /_sim/reset` → 204.
 */
export async function handleControl(simulator, pendingFaults, request, response, path, readBody) {
    const send = (status, body) => {
        if (body === undefined) {
            response.writeHead(status).end();
            return;
        }
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const parse = async (schema) => {
        let json;
        try {
            json = JSON.parse(await readBody());
        }
        catch {
            send(400, { error: 'The body is not valid JSON.' });
            return undefined;
        }
        const result = schema.safeParse(json);
        if (!result.success) {
            send(400, { error: result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ') });
            return undefined;
        }
        return result.data;
    };
    switch (`${request.method} ${path}`) {
        case 'GET /_sim/received':
            return send(200, simulator.received);
        case 'GET /_sim/events':
            return send(200, simulator.events);
        case 'GET /_sim/faults':
            return send(200, pendingFaults());
        case 'POST /_sim/faults': {
            const fault = await parse(faultSpecSchema);
            if (fault) {
                simulator.injectFault(fault);
                send(201, { ok: true });
            }
            return;
        }
        case 'DELETE /_sim/faults':
            simulator.clearFaults();
            return send(204);
        case 'POST /_sim/models': {
            const model = await parse(simulatedModelSchema);
            if (model) {
                simulator.setModel(model);
                send(200, { ok: true });
            }
            return;
        }
        case 'POST /_sim/reset':
            simulator.reset();
            return send(204);
        default:
            return send(404, { error: `No control route ${request.method} ${path}` });
    }
}
//# sourceMappingURL=control-api.js.map