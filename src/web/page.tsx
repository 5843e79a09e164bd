import type { Context } from 'hono';
import { createContext, useContext, type Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Auth } from '../auth/authenticate.js';
import { can, type Permission } from '../auth/permissions.js';
import type { AppEnv } from '../http/env.js';

/** What every page needs to know about the request: who is signed in. */
const PageContext = createContext<{ auth: Auth | null; waitingCount: number | null }>({ auth: null, waitingCount: null });

export function renderPage(c: Context<AppEnv>, page: Child, status: ContentfulStatusCode = 200) {
  return c.html(<PageContext.Provider value={{ auth: c.var.auth, waitingCount: c.var.waitingCount ?? null }}>{page}</PageContext.Provider>, status);
}

/** How many things wait for the signed-in person (the header's badge), or null when not counted. */
export function useWaitingCount(): number | null {
  return useContext(PageContext).waitingCount;
}

export function useAuth(): Auth | null {
  return useContext(PageContext).auth;
}

/** Whether the signed-in person may do something: the navigation shows only that. */
export function useCan(permission: Permission): boolean {
  const auth = useAuth();
  return auth !== null && can(auth.user.role, permission);
}

/** The hidden field every form that changes something must carry (src/auth/authorize.ts). */
export function CsrfField() {
  const auth = useAuth();
  return auth?.via === 'session' ? <input type="hidden" name="_csrf" value={auth.csrfToken} /> : null;
}
