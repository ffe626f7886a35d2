import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { PipelineContext } from './context.ts';

/** Whether the catalog serves a model name on an endpoint (see `CatalogIndex.knowsModel`). */
export type KnowsModel = (endpoint: PipelineContext['endpoint'], name: string) => boolean;

/**
 * Refuses (404 `model_not_found`) a model the catalog does not serve on the endpoint. The name is not repeated in
 * the answer: it may be anything a client typed, and answers are logged by others. Every ingress and the dry run
 * (`createExplainer`) check the name with it.
 */
export function checkModel(knowsModel: KnowsModel, endpoint: PipelineContext['endpoint'], name: string): void {
  if (knowsModel(endpoint, name)) return;
  throw new GatewayError('model_not_found', {
    message: `The model does not exist or is not served ${endpoint === 'chat' ? 'for chat' : 'for embeddings'} by any configured provider; GET /v1/models lists the models.`,
    param: 'model',
  });
}
