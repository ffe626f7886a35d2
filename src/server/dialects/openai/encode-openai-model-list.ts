import type { OpenAIModelList } from '../../../providers/openai-compatible/openai-wire-types.ts';

/**
 * The answer of `GET /v1/models`. `created` is Unix seconds (0 when unknown).
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
export function encodeOpenAIModelList(models: Array<{ id: string; ownedBy: string; created?: number }>): OpenAIModelList {
  return {
    object: 'list',
    data: models.map((model) => ({ id: model.id, object: 'model', created: model.created ?? 0, owned_by: model.ownedBy })),
  };
}
