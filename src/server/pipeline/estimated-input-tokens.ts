import { estimateInputTokens } from '../../core/router/index.ts';
import type { PipelineContext } from './context.ts';

/** The request's input-token estimate, computed once per context (enforce, route and reserve read it). */
export function estimatedInputTokensOf(context: PipelineContext): number {
  if (context.estimatedInputTokens !== undefined) return context.estimatedInputTokens;
  if (context.request) context.estimatedInputTokens = estimateInputTokens(context.request);
  else if (context.embeddingRequest) context.estimatedInputTokens = Math.ceil(context.embeddingRequest.input.reduce((sum, input) => sum + input.length, 0) / 4);
  else return 0;
  return context.estimatedInputTokens;
}
