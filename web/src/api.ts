/** Who is logged in, and the token every state-changing call sends back. */
export interface SessionInfo {
  csrfToken: string;
  tenant: string;
  keyId: string;
  keyName?: string;
  operator: boolean;
}

/** An error the gateway answered with (its message, HTTP status and catalogue code). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

let session: SessionInfo | undefined;
let onLoggedOut: () => void = () => undefined;

/** Called when the gateway says the session is gone (401): the page shows the login again. */
export function whenLoggedOut(listener: () => void): void {
  onLoggedOut = listener;
}

export function currentSession(): SessionInfo | undefined {
  return session;
}

/** Calls the dashboard API (`/ui/api/...`): same-origin, with the session cookie, and the CSRF token on changes. */
export async function api<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session) headers['x-csrf-token'] = session.csrfToken;
  const response = await fetch(`/ui/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let value: unknown;
  try {
    value = text === '' ? undefined : JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!response.ok) {
    const error = (value as { error?: { message?: string; code?: string } } | undefined)?.error;
    if (response.status === 401 && path !== '/login') {
      session = undefined;
      onLoggedOut();
    }
    throw new ApiError(error?.message ?? `The gateway answered ${response.status}.`, response.status, error?.code);
  }
  return value as T;
}

export async function login(key: string): Promise<SessionInfo> {
  session = await api<SessionInfo>('/login', { method: 'POST', body: { key } });
  return session;
}

/** The session the cookie holds, if any (a reload keeps it). */
export async function resume(): Promise<SessionInfo | undefined> {
  try {
    session = await api<SessionInfo>('/session');
    return session;
  } catch {
    return undefined;
  }
}

export async function logout(): Promise<void> {
  try {
    await api('/logout', { method: 'POST' });
  } finally {
    session = undefined;
  }
}
