/**
 * The answer of `GET /v1/models`. `created` is Unix seconds (0 when unknown).
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
export function encodeOpenAIModelList(models) {
    return {
        object: 'list',
        data: models.map((model) => ({ id: model.id, object: 'model', created: model.created ?? 0, owned_by: model.ownedBy })),
    };
}
//# sourceMappingURL=encode-openai-model-list.js.map