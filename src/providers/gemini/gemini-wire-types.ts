/**
 * The Gemini API (Google AI, `v1beta`) wire format: only the fields this adapter reads or writes.
 * Field names are the REST/JSON names (lowerCamelCase).
 * @see https://ai.google.dev/api/generate-content
 */

/** One part of a content turn. Exactly one of the data fields is set. */
export interface GeminiPart {
  text?: string;
  /** `true` on a thought summary part (reasoning), which is not part of the answer. */
  thought?: boolean;
  /** Opaque signature of the model's reasoning; must be sent back with function calls (Gemini 3). */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

/** @see https://ai.google.dev/api/caching#FunctionCall */
export interface GeminiFunctionCall {
  /** Only some models and APIs return an id; absent in most `generateContent` answers. */
  id?: string;
  name: string;
  args?: Record<string, unknown>;
}

/**
 * @see https://ai.google.dev/api/caching#FunctionResponse
 * `response` is a JSON object: the documented convention is `{ output }` for a result and `{ error }` for a failure.
 */
export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

export interface GeminiContent {
  /** `user` or `model`; function responses travel in `user` turns. */
  role: 'user' | 'model';
  parts: GeminiPart[];
}

/** @see https://ai.google.dev/api/caching#FunctionDeclaration */
export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** Full JSON Schema (mutually exclusive with the OpenAPI-subset `parameters`). */
  parametersJsonSchema?: Record<string, unknown>;
}

export interface GeminiTool {
  functionDeclarations: GeminiFunctionDeclaration[];
}

/** @see https://ai.google.dev/api/caching#FunctionCallingConfig */
export interface GeminiToolConfig {
  functionCallingConfig: {
    mode: 'AUTO' | 'ANY' | 'NONE';
    allowedFunctionNames?: string[];
  };
}

/** @see https://ai.google.dev/api/generate-content#generationconfig */
export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  responseMimeType?: string;
  /** Full JSON Schema for the answer (mutually exclusive with the OpenAPI-subset `responseSchema`). */
  responseJsonSchema?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** The body of `models.generateContent` and `models.streamGenerateContent`. */
export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  [extra: string]: unknown;
}

/** @see https://ai.google.dev/api/generate-content#UsageMetadata */
export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
}

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  /** Absent while the model is still generating (stream chunks before the last). */
  finishReason?: string;
  finishMessage?: string;
  index?: number;
}

/** The answer of `generateContent`, and each chunk of `streamGenerateContent`. */
export interface GeminiGenerateContentResponse {
  candidates?: GeminiCandidate[];
  /** Set when the prompt itself was blocked; then there are no candidates. */
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}

/** Google's error body: `{ error: { code, message, status } }`. */
export interface GeminiErrorBody {
  error: {
    code?: number;
    message?: string;
    /** The google.rpc code name, e.g. `RESOURCE_EXHAUSTED`, `UNAVAILABLE`. */
    status?: string;
    details?: Array<Record<string, unknown>>;
  };
}

/** @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents */
export interface GeminiBatchEmbedContentsRequest {
  requests: Array<{
    model: string;
    content: { parts: Array<{ text: string }> };
    outputDimensionality?: number;
  }>;
}

export interface GeminiBatchEmbedContentsResponse {
  embeddings?: Array<{ values?: number[] }>;
}
