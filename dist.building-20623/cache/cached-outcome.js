import { resultToStreamParts } from "./result-to-stream-parts.js";
import { streamPartsToResult } from "./stream-parts-to-result.js";
/**
 * The dispatch outcome a cache hit answers with, in the shape the request wants: a cached stream replays as a
 * stream or folds into a result; a cached result becomes a stream or stays a result. `candidate` is the route
 * candidate that produced the answer (egress names its model).
 */
export function cachedOutcome(answer, candidate, wantsStream) {
    if (answer.kind === 'embedding')
        return { kind: 'embedding', candidate, result: answer.result };
    if (wantsStream) {
        const parts = answer.kind === 'stream' ? answer.parts : resultToStreamParts(answer.result);
        return { kind: 'stream', candidate, stream: replayParts(parts) };
    }
    const result = answer.kind === 'result' ? answer.result : streamPartsToResult(answer.parts, answer.model);
    return { kind: 'result', candidate, result };
}
async function* replayParts(parts) {
    yield* parts;
}
//# sourceMappingURL=cached-outcome.js.map