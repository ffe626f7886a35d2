/**
 * Incremental newline-delimited JSON decoder (Ollama's native streaming format): feed byte chunks split
 * anywhere, take complete lines out. Blank lines are skipped; parsing is left to the caller so a malformed
 * line can become an `error` part instead of a throw.
 */
export class NdjsonDecoder {
  private readonly textDecoder = new TextDecoder();
  private buffer = '';

  push(chunk: Uint8Array | string): string[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.textDecoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      if (line.trim() !== '') lines.push(line);
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf('\n');
    }
    return lines;
  }

  end(): string[] {
    const rest = (this.buffer + this.textDecoder.decode()).trim();
    this.buffer = '';
    return rest === '' ? [] : [rest];
  }
}

export async function* decodeNdjson(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new NdjsonDecoder();
  for await (const chunk of body) yield* decoder.push(chunk);
  yield* decoder.end();
}
