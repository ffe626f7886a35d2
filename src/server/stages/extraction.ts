import { clientAddress, clientNetwork } from '../../security/extraction/client-network.ts';
import { fingerprintChat } from '../../security/extraction/extraction-event.ts';
import type { ExtractionGuard } from '../../security/extraction/extraction-guard.ts';
import type { ExtractionSettings } from '../../security/extraction/extraction-settings.ts';
import type { KeyedHasher } from '../../security/extraction/keyed-hash.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Authenticated } from '../pipeline/context.ts';

export interface ExtractionStageOptions {
  guard: ExtractionGuard;
  hasher: KeyedHasher;
  settings: ExtractionSettings;
}

/**
 * The extraction guard on the request path (after authorize): refuses a blocked key, tenant or network (403) and
 * holds a throttled one to its rate (429); then registers a finalizer that queues the finished request for the
 * background detector. Only chat requests are observed; the fingerprint is computed in the background.
 */
export function extraction(options: ExtractionStageOptions): Stage<Authenticated> {
  const { guard, hasher, settings } = options;
  const header = settings.clientAddress.header;
  return function extractionStage(context, next) {
    const principal = context.principal;
    const address = clientAddress(context.clientAddress, header === undefined ? null : context.headers.get(header), settings.clientAddress.trustedHops);
    const network = clientNetwork(address);
    const request = context.request;
    if (request) {
      const model = request.model;
      const userAgent = context.headers.get('user-agent')?.slice(0, 256);
      context.finalizers.push((completion) => {
        guard.observe(() => ({
          time: Date.now(),
          tenant: principal.tenant,
          keyId: principal.keyId,
          ...(network === undefined ? {} : { network }),
          ...(userAgent === undefined ? {} : { userAgent }),
          model,
          status: completion.status,
          refused: completion.error?.details?.extractionCase !== undefined,
          inputTokens: context.accounted?.usage.inputTokens ?? 0,
          outputTokens: context.accounted?.usage.outputTokens ?? 0,
          ...fingerprintChat(request, hasher),
        }));
        return Promise.resolve();
      });
    }
    // Refused requests are observed too (the finalizer is already registered): a campaign that keeps pushing shows.
    guard.admit(principal.tenant, principal.keyId, network);
    return next();
  };
}
