import type { StoredResponse } from './response-repository.ts';

/** A `stored_responses` row as both backends read it; `Json` is how the JSON columns arrive (text, or parsed jsonb). */
export interface StoredResponseRow<Json> {
  id: string;
  tenant: string;
  key_id: string;
  created_at: number;
  expires_at: number;
  previous_response_id: string | null;
  response: Json;
  input_items: Json;
  profile: Json;
}

/** The values of one row in column order (id, tenant, key_id, created_at, expires_at, previous_response_id, response, input_items, profile), JSON columns as text. */
export function storedResponseValues(stored: StoredResponse): [string, string, string, number, number, string | null, string, string, string] {
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
export function storedResponseOf<Json>(row: StoredResponseRow<Json>, readJson: (value: Json) => unknown): StoredResponse {
  return {
    id: row.id,
    tenant: row.tenant,
    keyId: row.key_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.previous_response_id === null ? {} : { previousResponseId: row.previous_response_id }),
    response: readJson(row.response) as StoredResponse['response'],
    inputItems: readJson(row.input_items) as StoredResponse['inputItems'],
    profile: readJson(row.profile) as StoredResponse['profile'],
  };
}
