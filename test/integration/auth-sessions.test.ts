import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest, sessionClient, withToken, type TestContext } from '../support/test-db.js';

let t: TestContext;
const password = 'contraseña-de-prueba';
let viewerEmail: string;
let commsEmail: string;
beforeAll(async () => {
  // The client address comes from X-Forwarded-For, as behind the office's proxy.
  t = await createTestContext({ PREGON_TRUST_PROXY: 'true' });
  await importSeedPlan(t.db);
  viewerEmail = (await createUserWithToken(t.db, 'viewer')).user.email;
  commsEmail = (await createUserWithToken(t.db, 'communications')).user.email;
});
afterAll(async () => {
  await t.close();
});

const login = (email: string, pw: string, ip = '203.0.113.7') =>
  t.anon.request('/api/auth/login', { ...jsonRequest('POST', { email, password: pw }), headers: { 'content-type': 'application/json', 'x-forwarded-for': ip } });

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and records the login', async () => {
    const res = await login(viewerEmail.toUpperCase(), password);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^pregon_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const body = await res.json();
    expect(body.user.email).toBe(viewerEmail);
    expect(body.csrfToken).toMatch(/^[\w-]{30,}$/);
    // Only the hash of the cookie value is stored.
    const value = cookie.split(';')[0]!.split('=')[1]!;
    expect(await t.db.session.count({ where: { id: value } })).toBe(0);
    expect(await t.db.auditEntry.count({ where: { action: 'login', actorLabel: viewerEmail } })).toBeGreaterThan(0);
  });

  it('answers one message for a wrong password and an unknown account, and records both failures', async () => {
    const wrong = await login(viewerEmail, 'no-es-esta-clave', '198.51.100.1');
    const unknown = await login('nadie@prueba.gov.co', 'no-es-esta-clave', '198.51.100.1');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).error.message).toBe((await unknown.json()).error.message);
    expect(await t.db.auditEntry.count({ where: { action: 'login_failed', ip: '198.51.100.1' } })).toBe(2);
  });

  it('locks an account after 5 failures, even for the right password, without locking others', async () => {
    const victim = (await createUserWithToken(t.db, 'viewer')).user.email;
    for (let i = 0; i < 5; i++) expect((await login(victim, `mala-${i}-clave`, `192.0.2.${i}`)).status).toBe(401);
    const locked = await login(victim, password, '192.0.2.99');
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.message).toContain('Demasiados intentos');
    expect((await login(commsEmail, password, '192.0.2.99')).status).toBe(200);
  });

  it('limits one address trying many accounts', async () => {
    for (let i = 0; i < 20; i++) await login(`cuenta${i}@prueba.gov.co`, 'una-clave-cualquiera', '198.51.100.200');
    expect((await login(commsEmail, password, '198.51.100.200')).status).toBe(429);
    expect((await login(commsEmail, password, '198.51.100.201')).status).toBe(200);
  });
});

describe('sessions', () => {
  it('are refused when expired, revoked by logout, forged, or of a deactivated user', async () => {
    const a = await sessionClient(t.anon, commsEmail, password);
    expect((await a.request('/api/me')).status).toBe(200);

    const forged = await t.anon.request('/api/me', { headers: { cookie: 'pregon_session=inventada-por-alguien-123456789012345678901234' } });
    expect(forged.status).toBe(401);

    await t.db.session.updateMany({ where: { user: { email: commsEmail } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await a.request('/api/me')).status).toBe(401);

    const b = await sessionClient(t.anon, commsEmail, password);
    expect((await b.request('/api/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await b.request('/api/me')).status).toBe(401);

    const c = await sessionClient(t.anon, commsEmail, password);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: commsEmail } });
    await t.app.request(`/api/users/${user.id}`, jsonRequest('PATCH', { active: false }));
    expect((await c.request('/api/me')).status).toBe(401);
    await t.app.request(`/api/users/${user.id}`, jsonRequest('PATCH', { active: true }));
  });

  it('redirects a page request without a session to the sign-in form and back', async () => {
    const res = await t.anon.request('/planes');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/ingresar?volver=%2Fplanes');
    const signIn = await t.anon.request('/ingresar', {
      method: 'POST',
      body: new URLSearchParams({ email: commsEmail, password, volver: '//evil.example/' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/');
  });

  it('closes the other sessions when the password changes', async () => {
    const email = (await createUserWithToken(t.db, 'communications')).user.email;
    const here = await sessionClient(t.anon, email, password);
    const elsewhere = await sessionClient(t.anon, email, password);
    const res = await here.request('/api/me/password', jsonRequest('POST', { currentPassword: password, newPassword: 'otra-contraseña-larga' }));
    expect(res.status).toBe(204);
    expect((await here.request('/api/me')).status).toBe(200);
    expect((await elsewhere.request('/api/me')).status).toBe(401);
    expect((await login(email, 'otra-contraseña-larga', '192.0.2.150')).status).toBe(200);
    const bad = await here.request('/api/me/password', jsonRequest('POST', { currentPassword: 'equivocada', newPassword: 'tercera-contraseña-larga' }));
    expect(bad.status).toBe(422);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated change without the token, or with a forged one, and changes nothing', async () => {
    const s = await sessionClient(t.anon, commsEmail, password);
    const body = { kind: 'poster', title: 'Afiche sin token CSRF' };
    const missing = await t.anon.request('/api/pieces', { ...jsonRequest('POST', body), headers: { 'content-type': 'application/json', cookie: s.cookie } });
    expect(missing.status).toBe(403);
    expect((await missing.json()).error.code).toBe('csrf');
    const forged = await t.anon.request('/api/pieces', { ...jsonRequest('POST', body), headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': 'falso' } });
    expect(forged.status).toBe(403);
    expect(await t.db.piece.count({ where: { title: body.title } })).toBe(0);
    expect((await s.request('/api/pieces', jsonRequest('POST', body))).status).toBe(201);
  });

  it('accepts the token as the _csrf form field, as the pages send it', async () => {
    const s = await sessionClient(t.anon, commsEmail, password);
    const activity = await t.db.activity.findFirstOrThrow();
    const post = (fields: Record<string, string>) =>
      t.anon.request(`/actividades/${activity.id}/piezas`, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie } });
    expect((await post({ kind: 'poster', title: 'Afiche por formulario' })).status).toBe(403);
    expect((await post({ kind: 'poster', title: 'Afiche por formulario', _csrf: s.csrfToken })).status).toBe(303);
  });

  it('is not needed with an API token, which a browser never sends on its own', async () => {
    const { token } = await createUserWithToken(t.db, 'communications');
    expect((await withToken(t.anon, token).request('/api/pieces', jsonRequest('POST', { kind: 'notice', title: 'Aviso por script' }))).status).toBe(201);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, act with the creator’s role, and stop working when revoked', async () => {
    const viewer = await sessionClient(t.anon, viewerEmail, password);
    const created = await viewer.request('/api/tokens', jsonRequest('POST', { name: 'Tablero de la oficina' }));
    expect(created.status).toBe(201);
    const { id, token } = await created.json();
    expect(token).toMatch(/^pregon_/);
    expect(await t.db.apiToken.count({ where: { tokenHash: token } })).toBe(0);
    const listed = await (await viewer.request('/api/tokens')).json();
    expect(JSON.stringify(listed)).not.toContain(token);

    const script = withToken(t.anon, token);
    expect((await script.request('/api/plans')).status).toBe(200);
    expect((await script.request('/api/pieces', jsonRequest('POST', { kind: 'poster', title: 'No debería' }))).status).toBe(403);

    expect((await viewer.request(`/api/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    const revoked = await script.request('/api/plans');
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.message).toContain('token');
  });

  it('refuses forged and malformed tokens', async () => {
    expect((await withToken(t.anon, 'pregon_inventado').request('/api/plans')).status).toBe(401);
    expect((await t.anon.request('/api/plans', { headers: { authorization: 'Basic YWxndWllbjpjbGF2ZQ==' } })).status).toBe(401);
  });

  it('cannot revoke another user’s token unless admin', async () => {
    const other = await createUserWithToken(t.db, 'viewer');
    const otherTokenId = (await t.db.apiToken.findFirstOrThrow({ where: { userId: other.user.id } })).id;
    const viewer = await sessionClient(t.anon, viewerEmail, password);
    expect((await viewer.request(`/api/tokens/${otherTokenId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await withToken(t.anon, other.token).request('/api/me')).status).toBe(200);
  });
});

describe('secrets in responses and headers', () => {
  it('never returns password hashes or token hashes', async () => {
    const users = await (await t.app.request('/api/users')).text();
    expect(users).not.toMatch(/argon2|passwordHash/);
    const audit = await (await t.app.request('/api/audit?limit=1000')).text();
    expect(audit).not.toMatch(/argon2|passwordHash|tokenHash/);
  });

  it('sends a Content-Security-Policy and other secure headers with pages', async () => {
    const res = await t.anon.request('/ingresar');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
