import type { Classification } from './catalog/catalog-schema.ts';

/** Who is asking: resolved from the API key by the authenticate stage. */
export interface Principal {
  tenant: string;
  /** The key's public id (never the secret). */
  keyId: string;
  keyName?: string;
  /** Endpoint and model scopes; `*` allows everything. */
  scopes: string[];
  /** The highest classification the principal may send. */
  clearance: Classification;
  /** ISO 3166-1 alpha-2 home country (export control). */
  country?: string;
  labels: string[];
}
