/** The cookie that carries a dashboard session. */
export const sessionCookieName = 'sovereign_session';

/**
 * The dashboard's Content-Security-Policy: its own scripts, styles and data only, no inline script or style
 * element, no framing, no plugins, no form posts elsewhere. Charts draw on canvas; the map's shapes are bundled.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers on every dashboard answer, page or API. */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** One cookie's value from a `Cookie` header. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    if (part.slice(0, equals).trim() === name) return part.slice(equals + 1).trim();
  }
  return undefined;
}

/** Whether the request reached the gateway over TLS (directly, or as a TLS-terminating proxy says). */
export function overTls(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/** `Set-Cookie` for a session: HttpOnly, SameSite=Strict, scoped to `/ui`, Secure over TLS; an empty id clears it. */
export function sessionCookie(id: string, secure: boolean, maxAgeSeconds: number): string {
  const attributes = [`${sessionCookieName}=${id}`, 'Path=/ui', 'HttpOnly', 'SameSite=Strict', `Max-Age=${id === '' ? 0 : maxAgeSeconds}`];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

/**
 * Whether a state-changing request comes from the dashboard's own origin, by what the browser says: a
 * `Sec-Fetch-Site` other than `same-origin` (or `none`, typed by the user) is refused, and so is an `Origin`
 * other than the gateway's own. A client that sends neither is not a browser on another site (browsers send
 * `Origin` on every cross-origin POST); it still needs the session's CSRF token.
 */
export function sameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  const own = new URL(request.url);
  const host = request.headers.get('host');
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const candidates = new Set([own.origin]);
  if (host) {
    candidates.add(`${own.protocol}//${host}`);
    if (forwarded === 'https' || forwarded === 'http') candidates.add(`${forwarded}://${host}`);
  }
  return candidates.has(origin);
}
