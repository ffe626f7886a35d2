/** The values of one row in column order (id, tenant, key_id, created_at, expires_at, previous_response_id, response, input_items, profile), JSON columns as text. */
export function storedResponseValues(stored) {
    return [
        stored.id,
        stored.tenant,
        stored.keyId,
        stored.createdAt,
        stored.expiresAt,
        stored.previousResponseId ?? null,
        JSON.stringify(stored.response),
        JSON.stringify(stored.inputItems),
        JSON.stringify(stored.profile),
    ];
}
/** The stored response of a row; `readJson` turns a JSON column into its value (JSON.parse for text columns). */
export function storedResponseOf(row, readJson) {
    return {
        id: row.id,
        tenant: row.tenant,
        keyId: row.key_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        ...(row.previous_response_id === null ? {} : { previousResponseId: row.previous_response_id }),
        response: readJson(row.response),
        inputItems: readJson(row.input_items),
        profile: readJson(row.profile),
    };
}
//# sourceMappingURL=stored-response-row.js.map