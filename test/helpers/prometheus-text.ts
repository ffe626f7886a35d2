/** Scrapes `/metrics` with a bearer token and returns the text. */
export async function scrape(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return response.text();
}

/** The labels and value of one sample line of the Prometheus text format (`name{a="b",...} value`). */
function parseSample(line: string): { name: string; labels: Record<string, string>; value: number } | undefined {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
  if (!match) return undefined;
  const labels: Record<string, string> = {};
  for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, '$1');
  return { name: match[1]!, labels, value: Number(match[3]) };
}

/** The sum of every sample of `name` whose labels include `labels` (0 when there is none). */
export function readMetric(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const sample = parseSample(line);
    if (!sample || sample.name !== name) continue;
    if (Object.entries(labels).every(([key, value]) => (sample.labels[key] ?? '') === value)) sum += sample.value;
  }
  return sum;
}
