import type { AssistantContentPart } from '../../src/core/canonical/message.ts';
import type { ChatRequest } from '../../src/core/canonical/request.ts';
import { countOutputTokens } from '../../src/security/pricing/count-tokens.ts';
import { parseOpenAIChatRequest } from '../../src/server/dialects/openai/parse-openai-chat-request.ts';
import type { OpenAITool } from './infer-tool-schemas.ts';
import type { TauMessage, TauTrajectory } from './tau-bench.ts';

/** One request of the replay: what the client sent before one recorded assistant turn. */
export interface ReplayTurn {
  /** `task-trial:turn`, e.g. `7-2:5`. */
  id: string;
  taskId: number;
  trial: number;
  /** The client's body exactly as it would have gone to OpenAI: the messages so far and the tools. */
  body: { model: string; messages: TauMessage[]; tools: OpenAITool[] };
  /** The same request parsed by the gateway's own OpenAI ingress. */
  request: ChatRequest;
  /**
   * o200k tokens of the recorded (gold) assistant message, which is never sent. Used as every row's output
   * length, so output cost is realistic and identical across techniques.
   */
  outputTokens: number;
}

/**
 * Turns trajectories into replay requests: for every assistant message, the messages before it plus the tool
 * definitions, in trajectory order (a trajectory's turns in order, trajectories one after another).
 */
export function replayTurns(trajectories: readonly TauTrajectory[], tools: OpenAITool[], model: string): ReplayTurn[] {
  const turns: ReplayTurn[] = [];
  for (const trajectory of trajectories) {
    trajectory.traj.forEach((message, index) => {
      if (message.role !== 'assistant' || index === 0) return;
      const body = { model, messages: trajectory.traj.slice(0, index), tools };
      turns.push({
        id: `${trajectory.task_id}-${trajectory.trial}:${index}`,
        taskId: trajectory.task_id,
        trial: trajectory.trial,
        body,
        request: parseOpenAIChatRequest(body),
        outputTokens: countOutputTokens(goldContent(message)),
      });
    });
  }
  return turns;
}

function goldContent(message: TauMessage): AssistantContentPart[] {
  const parts: AssistantContentPart[] = [];
  if (message.content) parts.push({ type: 'text', text: message.content });
  for (const call of message.tool_calls ?? []) parts.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments });
  return parts;
}
