/**
 * The Content-Security-Policy of the agent desktop (`/ccp/`): what the app may load, and who
 * may frame it. Framing is the instance's decision: the page may be embedded by itself and
 * by the instance's approved origins (`instance.approvedOrigins`, the same list CORS uses),
 * read on every request so a change applies at once. No X-Frame-Options is sent: it cannot
 * name several origins, and `frame-ancestors` supersedes it in every current browser.
 */
import { isUrlOrigin } from '@switchboard/core';

/** The app: its own scripts, styles (and inline styles), images and sounds; our API and websockets. */
const APP_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** `frame-ancestors` for these approved origins: `'self'` and each origin; `*` lets any site frame it. */
export function frameAncestors(approved: Iterable<string>): string {
  const sources = ["'self'"];
  for (const origin of approved) {
    if (origin === '*') return 'frame-ancestors *';
    // Only real origins: nothing from storage may end the directive or start another.
    if (isUrlOrigin(origin) && !sources.includes(origin)) sources.push(origin);
  }
  return `frame-ancestors ${sources.join(' ')}`;
}

export const ccpContentSecurityPolicy = (approved: Iterable<string>): string => `${APP_POLICY}; ${frameAncestors(approved)}`;
