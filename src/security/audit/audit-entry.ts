import type { Classification } from '../../core/catalog/catalog-schema.ts';

/** How a request ended: answered, refused by a policy, budget, key or limit, or failed on the way. */
export type AuditOutcome = 'ok' | 'refused' | 'failed';

/**
 * What the request carried, as kinds and levels only. Never a value: `personalKinds: ['email']`, not the address.
 */
export interface AuditProfile {
  classification: Classification;
  /** Kinds of personal data found (`email`, `phone`, `iban`, ...). */
  personalKinds: string[];
  /** Kinds of secrets found (`jwt`, `aws-access-key`, ...). */
  secretKinds: string[];
  /** Classification markings found, as their normalised banner (`SECRET//NOFORN`). */
  markings: string[];
}

/** Tokens of one request, as reported by the provider or counted by the gateway. */
export interface AuditTokens {
  input: number;
  output: number;
  cachedInput: number;
}

/** What a connection negotiated: the TLS version and key-exchange group (`plaintext` without TLS). */
export interface AuditTransport {
  protocol: string;
  /** `X25519MLKEM768`, `X25519`, `P-256`, ...; absent without a key exchange. */
  group?: string;
  postQuantum: boolean;
}

/**
 * What the pipeline hands to the audit log for one request (allowed, refused or failed). The log adds the
 * sequence number and the chain hash. Only these fields are stored: anything else on the object is dropped.
 */
export interface AuditEntry {
  /** ISO 8601; defaults to the time of `append`. */
  time?: string;
  requestId: string;
  tenant: string;
  /** The key's public id, never its secret. */
  keyId: string;
  /** ISO 3166-1 alpha-2 home country of the principal. */
  principalCountry?: string;
  profile: AuditProfile;
  decisionId?: string;
  provider?: string;
  /** ISO 3166-1 alpha-2 country where inference ran. */
  jurisdiction?: string;
  model?: string;
  outcome: AuditOutcome;
  /** The HTTP status answered to the client. */
  status: number;
  /** The catalogued error code when the request was refused or failed. */
  errorCode?: string;
  tokens: AuditTokens;
  costUsd: number;
  /** Only on the record of an extraction action change (see `extractionAuditEntry`): the change and its evidence. */
  extraction?: ExtractionAuditFacts;
  /** The prompt text, only when a policy asked for `audit-prompt`. */
  prompt?: string;
  /** What the connection to the provider that answered negotiated. */
  transport?: AuditTransport;
  /** What the client's connection to the gateway negotiated. */
  clientTransport?: AuditTransport;
  /** The namespaced MCP tool (`files__read_file`) of a tool call through the MCP gateway; `provider` is its server. */
  tool?: string;
}

/** One stored record: the entry with its position in the log. Its canonical JSON is what is hashed. */
export interface AuditRecord extends Omit<AuditEntry, 'time'> {
  /** 1, 2, 3, ... without gaps; record `seq` is Merkle leaf `seq - 1`. */
  seq: number;
  time: string;
}

/** Returned once a record is durable. */
export interface AuditReceipt {
  seq: number;
  /** The record's chain hash, hex. */
  hash: string;
}

/** What an audit record of an extraction action change holds: the change, the score and the evidence (no content). */
export interface ExtractionAuditFacts {
  caseId: string;
  from: string;
  to: string;
  /** `detector`, or who cleared the case. */
  by: string;
  score: number;
  reasons: string[];
  /** The case's evidence (signals, group, HMAC hashes) as canonical JSON. */
  evidence: string;
}
