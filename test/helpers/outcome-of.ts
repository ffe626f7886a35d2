import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** What a request through an official SDK came to: the provider that answered, or the status and message of a refusal. */
export interface Outcome {
  provider: string | null;
  status: number;
  message: string;
}

/**
 * Runs one SDK call (`.withResponse()` mapped to its raw response), reads a stream to its end with `drain`, and
 * turns an SDK's API error (a refusal) into an outcome instead of a throw; any other error is thrown.
 */
export async function outcomeOf(call: () => Promise<Response>, drain?: (response: Response) => Promise<void>): Promise<Outcome> {
  try {
    const response = await call();
    await drain?.(response);
    return { provider: response.headers.get('x-sovereign-provider'), status: response.status, message: '' };
  } catch (error) {
    if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) return { provider: null, status: error.status ?? 0, message: error.message };
    throw error;
  }
}
