import type { Context } from 'hono';
import { createContext, useContext, type Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Auth } from '../auth/authenticate.js';
import { can, type Permission } from '../auth/permissions.js';
import type { AppEnv } from '../http/env.js';

/** What every page needs to know about the request: who is signed in. */
const PageContext = createContext<{ auth: Auth | null }>({ auth: null });

export function renderPage(c: Context<AppEnv>, page: Child, status: ContentfulStatusCode = 200) {
  return c.html(<PageContext.Provider value={{ auth: c.var.auth }}>{page}</PageContext.Provider>, status);
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
