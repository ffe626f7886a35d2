/**
 * TypeScript types of the OpenAI Chat Completions, Embeddings and Models wire format, as far as the gateway reads
 * or writes it. Shared by the inbound dialect (`src/server/dialects/openai`) and the outbound adapter. Fields the
 * gateway does not use are left out; compatible servers (vLLM, llama.cpp, Ollama, Mistral, Groq...) send the same
 * shapes with some fields missing, so every response field is optional or nullable.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export {};
//# sourceMappingURL=openai-wire-types.js.map