import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { ProviderEntry } from '../core/catalog/catalog-schema.ts';
import { anthropicHeaders } from '../providers/anthropic/anthropic-headers.ts';
import { anthropicApiRoot } from '../providers/anthropic/anthropic-base-url.ts';
import { jsonHeaders } from '../providers/shared/json-headers.ts';
import { lowerCaseKeys } from '../providers/shared/lower-case-keys.ts';
import type { DoctorCheck } from './doctor-check.ts';

/** The read-only call that shows a provider is reachable and takes its key: each API's model list. */
export interface ProviderProbe {
  url: string;
  headers: Record<string, string>;
}

/**
 * The model-list request of a provider's API, with the credentials its adapter sends: `GET /models` for
 * OpenAI-compatible servers (Azure: `api-key` and `api-version`) and Gemini, `GET /v1/models` for Anthropic,
 * `GET /api/tags` for Ollama. Undefined for a simulated or in-process (`llama-local`) provider: nothing to reach.
 */
export function providerProbe(provider: ProviderEntry): ProviderProbe | undefined {
  if (!provider.baseUrl || provider.adapter === 'llama-local') return undefined;
  const base = provider.baseUrl.replace(/\/+$/, '');
  const key = provider.apiKey !== undefined && provider.apiKey !== '' ? provider.apiKey : undefined;
  switch (provider.adapter) {
    case 'openai-compatible': {
      const credential = key === undefined ? undefined : provider.azure ? (['api-key', key] as const) : (['authorization', `Bearer ${key}`] as const);
      const query = provider.azure ? `?api-version=${encodeURIComponent(provider.azure.apiVersion)}` : '';
      return { url: `${base}/models${query}`, headers: jsonHeaders({ accept: 'application/json' }, lowerCaseKeys(provider.headers), undefined, credential) };
    }
    case 'anthropic':
      return { url: `${anthropicApiRoot(base)}/v1/models`, headers: anthropicHeaders(key, provider.headers, undefined) };
    case 'gemini':
      return { url: `${base}/models`, headers: jsonHeaders({ accept: 'application/json' }, provider.headers, undefined, key === undefined ? undefined : ['x-goog-api-key', key]) };
    case 'ollama':
      return { url: `${base}/api/tags`, headers: jsonHeaders({}, provider.headers, undefined, key === undefined ? undefined : ['authorization', `Bearer ${key}`]) };
  }
}

/** An in-process provider's check: every model's GGUF file is there and readable (loading it is the gateway's work). */
function checkModelFiles(provider: ProviderEntry): DoctorCheck {
  const name = `provider ${provider.id}`;
  const missing = provider.models.filter((model) => {
    try {
      accessSync(resolve(model.file ?? ''), constants.R_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return { name, ok: true, message: `in-process, ${provider.models.length} model files readable` };
  return {
    name,
    ok: false,
    message: `in-process, cannot read the model file of ${missing.map((model) => `${model.name} (${model.file ?? 'no file set'})`).join(', ')}`,
    fix: 'set each model\'s file to a GGUF file the gateway can read (a relative path is resolved against the working directory)',
  };
}

/** The URL as shown in the report: no user, password or query (an API key may travel in either). */
function shownUrl(url: string): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  shown.search = '';
  return shown.toString();
}

/**
 * Calls a provider's model list once: reachable and key accepted (2xx), key refused (401/403), reachable but no
 * model list (404/405: the key could not be checked, not a failure), or failing (any other status, no answer, a
 * timeout). The key never appears in the message.
 */
export async function checkProvider(provider: ProviderEntry, timeoutMs = 5_000): Promise<DoctorCheck> {
  const name = `provider ${provider.id}`;
  if (provider.adapter === 'llama-local') return checkModelFiles(provider);
  const probe = providerProbe(provider);
  if (!probe) return { name, ok: true, message: 'simulated (served by the gateway itself)' };
  const where = shownUrl(probe.url);
  const started = Date.now();
  let status: number;
  try {
    // fetch refuses a URL with a user and password in it: they go in a Basic authorization header, as browsers send them.
    const target = new URL(probe.url);
    const headers = { ...probe.headers };
    if ((target.username || target.password) && headers.authorization === undefined) {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
    }
    target.username = '';
    target.password = '';
    const answer = await fetch(target, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    status = answer.status;
    await answer.body?.cancel().catch(() => undefined);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    // (A TimeoutError from the signal; otherwise the socket's error code, e.g. ECONNREFUSED, ENOTFOUND.)
    const reason = cause === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `cannot connect (${cause})`;
    return { name, ok: false, message: `${where}: ${reason}`, fix: `check that the server runs and that the baseUrl of provider "${provider.id}" points at it` };
  }
  const took = `${Date.now() - started} ms`;
  if (status >= 200 && status < 300) return { name, ok: true, message: `${where}: reachable, ${provider.apiKey ? 'key accepted' : 'no key needed'} (HTTP ${status}, ${took})` };
  if (status === 401 || status === 403) {
    return {
      name,
      ok: false,
      message: `${where}: the key was refused (HTTP ${status})`,
      fix: provider.apiKey ? `replace the apiKey of provider "${provider.id}" (or the environment variable it names) with a valid key` : `set the apiKey of provider "${provider.id}": the server wants one`,
    };
  }
  if (status === 404 || status === 405) return { name, ok: true, message: `${where}: reachable, but it serves no model list (HTTP ${status}), so the key was not checked` };
  return { name, ok: false, message: `${where}: HTTP ${status} (${took})`, fix: `the provider answers with an error: check its status page or logs, and the baseUrl of provider "${provider.id}"` };
}

/** Checks every configured provider, in parallel, in configuration order. */
export function checkProviders(providers: readonly ProviderEntry[], timeoutMs?: number): Promise<DoctorCheck[]> {
  return Promise.all(providers.map((provider) => checkProvider(provider, timeoutMs)));
}
