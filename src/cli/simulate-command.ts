import { parseArgs } from 'node:util';
import { startSimulator } from '../sim/simulator.ts';

const help = `Usage: sovereign simulate [--port PORT] [--host HOST] [--ttft MS] [--tps N] [--tokens N] [--seed N] [--tool-rounds N]

Serves simulated providers on one port, in four real wire protocols:
  OpenAI     POST /v1/chat/completions, /v1/embeddings, GET /v1/models
  Anthropic  POST /v1/messages, /v1/messages/count_tokens
  Gemini     POST /v1beta/models/{model}:generateContent, :streamGenerateContent?alt=sse
  Ollama     POST /api/chat, /api/embed, GET /api/tags
Any model name is answered. Faults on demand: POST /_sim/faults with {"kind":"rate-limit"|"server-error"|
"unavailable"|"overloaded"|"timeout"|"connection-reset"|"stream-cut"|"malformed-chunk", "times":N}; DELETE /_sim/faults.
What it received: GET /_sim/received.

  --ttft MS     time to first token (default 0)
  --tps N       output tokens per second (default 0 = instant)
  --tokens N    output length in tokens (default 24)
  --seed N      seed of the deterministic text (default 1)
  --tool-rounds N  rounds of tool calls before answering in text, when tools are offered (default 1; 0 never calls)`;

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '9000' },
      host: { type: 'string', default: '127.0.0.1' },
      ttft: { type: 'string', default: '0' },
      tps: { type: 'string', default: '0' },
      tokens: { type: 'string', default: '24' },
      seed: { type: 'string', default: '1' },
      'tool-rounds': { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  const numbers = { port: Number(values.port), ttft: Number(values.ttft), tps: Number(values.tps), tokens: Number(values.tokens), seed: Number(values.seed), 'tool-rounds': Number(values['tool-rounds']) };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isFinite(value) || value < 0) {
      process.stderr.write(`sovereign simulate: --${name} must be a non-negative number\n`);
      return 2;
    }
  }
  const simulator = await startSimulator({
    host: values.host,
    port: numbers.port,
    defaultModel: { ttftMs: numbers.ttft, tokensPerSecond: numbers.tps, outputTokens: numbers.tokens, seed: numbers.seed, toolRounds: Math.floor(numbers['tool-rounds']) },
  });
  process.stderr.write(`Provider simulator on ${simulator.url}\n`);
  process.stderr.write(`  OpenAI base URL:    ${simulator.url}/v1\n  Anthropic base URL: ${simulator.url}\n`);
  process.stderr.write(`  Gemini base URL:    ${simulator.url}/v1beta\n  Ollama host:        ${simulator.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await simulator.close();
  return 0;
}
