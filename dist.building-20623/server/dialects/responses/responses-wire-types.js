/**
 * The OpenAI Responses API's wire shapes, as far as the gateway reads or writes them: output items, the response
 * object and its usage. Input items are validated by `responses-request-schema.ts`; stream events are built in
 * `encode-responses-stream.ts`.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export {};
//# sourceMappingURL=responses-wire-types.js.map