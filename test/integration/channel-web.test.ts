import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretKey } from '../../src/auth/secret-box.js';
import { loadConfig } from '../../src/config.js';
import type { Network } from '../../src/generated/prisma/client.js';
import { connectSandboxAccounts, startSandboxServers, type Sandbox } from '../../src/sandbox/start.js';
import { createTestContext, createUserWithToken, importSeedPlan, sessionClient, type TestContext } from '../support/test-db.js';

// The screens of the channels issue, as a browser uses them: OAuth in the browser against the
// local network servers, the accounts page, a piece's variant editors, "publish now" and its publications.

let sandbox: Sandbox;
let t: TestContext;
let admin: Awaited<ReturnType<typeof sessionClient>>;
let activityId: string;

beforeAll(async () => {
  sandbox = await startSandboxServers(loadConfig({ PREGON_PUBLIC_URL: 'http://127.0.0.1:3998' }).channels);
  t = await createTestContext({ PREGON_PUBLIC_URL: 'http://127.0.0.1:3998' }, { channels: sandbox.settings, sandbox: true });
  const { user } = await createUserWithToken(t.db, 'admin', [], 'navegador@prueba.gov.co');
  admin = await sessionClient(t.anon, user.email, 'contraseña-de-prueba');
  const planId = await importSeedPlan(t.db);
  activityId = (await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId } } })).id;
});

afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});

/** Follows an OAuth flow as a browser: Pregón → the network's consent page → back to Pregón's callback with the cookie. */
async function connectThroughBrowser(network: Network, tamper?: (callback: URL) => void) {
  const start = await admin.request(`/canales/conectar/${network}`);
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  const oauthCookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  expect(oauthCookie).toMatch(/^pregon_oauth=/);
  const consent = await (await fetch(authorize)).text();
  expect(consent).toMatch(/Sandbox/);
  const href = /href="([^"]*code=[^"]*)"/.exec(consent)?.[1]?.replaceAll('&amp;', '&');
  expect(href).toBeTruthy();
  const callback = new URL(href!);
  expect(callback.pathname).toBe(`/canales/oauth/${network}`);
  tamper?.(callback);
  const back = await t.anon.request(callback.pathname + callback.search, { headers: { cookie: `${admin.cookie}; ${oauthCookie}` } });
  return { authorize, back };
}

describe('connecting accounts in the browser', () => {
  it('connects an X account with PKCE: the authorization asks for offline access and the tokens are stored encrypted', async () => {
    const { authorize, back } = await connectThroughBrowser('x');
    expect(authorize.searchParams.get('code_challenge_method')?.toUpperCase()).toBe('S256');
    expect(authorize.searchParams.get('scope')).toContain('offline.access');
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toMatch(/^\/canales\?conectada=/);
    const account = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'x' }, orderBy: { createdAt: 'desc' } });
    expect(account.sandbox).toBe(true);
    expect(account.refreshTokenEncrypted).toBeTruthy();
    expect(account.accessTokenEncrypted).not.toMatch(/^x-at-|^x-/);
    const box = createSecretBox(loadSecretKey(t.config));
    expect(box.decrypt(account.accessTokenEncrypted!).length).toBeGreaterThan(8);
  });

  it('connects a YouTube channel with offline access (a refresh token) and a Facebook page with its page token', async () => {
    const google = await connectThroughBrowser('youtube');
    expect(google.authorize.searchParams.get('access_type')).toBe('offline');
    expect(google.back.status).toBe(303);
    expect(await t.db.channelAccount.count({ where: { network: 'youtube', refreshTokenEncrypted: { not: null } } })).toBeGreaterThan(0);
    const meta = await connectThroughBrowser('facebook');
    expect(meta.back.status, await meta.back.clone().text()).toBe(303);
    const page = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'facebook' } });
    expect(page.remoteAccountId).toBeTruthy();
  });

  it('refuses a callback whose state was not issued here, in Spanish, and connects nothing', async () => {
    const before = await t.db.channelAccount.count();
    const { back } = await connectThroughBrowser('x', (callback) => callback.searchParams.set('state', 'estado-falsificado'));
    expect(back.status).toBe(422);
    expect(await back.text()).toContain('no corresponde a una conexión iniciada aquí');
    expect(await t.db.channelAccount.count()).toBe(before);
  });

  it('lists the accounts with their state and the Sandbox mark, and offers to connect each network', async () => {
    const html = await (await admin.request('/canales')).text();
    expect(html).toContain('Modo sandbox');
    expect(html).toContain('class="badge sandbox"');
    expect(html).toContain('href="/canales/conectar/youtube"');
    expect(html).toContain('Activa');
  });
});

describe("a piece's page", () => {
  it('saves the variants from the editor form, publishes the approved piece and lists the publications with links to the live posts', async () => {
    const box = createSecretBox(loadSecretKey(t.config));
    await connectSandboxAccounts({ db: t.db, box, sandbox });
    // The OAuth tests connected a second X account: the form then asks which one.
    const xSandbox = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'x', label: 'X Sandbox' } });

    const created = await admin.request('/api/pieces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'notice', title: 'Aviso de la audiencia', activityId }) });
    const { id } = await created.json();
    const page = await (await admin.request(`/piezas/${id}`)).text();
    expect(page).toContain('data-network="x"');
    expect(page).toContain('/public/js/variant-editor.js');

    const form = new URLSearchParams({
      _csrf: admin.csrfToken,
      title: 'Aviso de la audiencia',
      body: 'La audiencia pública será el 15 de diciembre.',
      'x.include': '1',
      'x.text': 'La audiencia pública será el 15 de diciembre. ¡Participe!',
      'website.include': '1',
      'website.title': 'Audiencia pública el 15 de diciembre',
      'website.text': 'La Alcaldía invita a la audiencia pública de rendición de cuentas.',
    });
    const saved = await admin.request(`/piezas/${id}/variantes`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(saved.status).toBe(303);
    const variants = await t.db.pieceVariant.findMany({ where: { pieceId: id }, orderBy: { network: 'asc' } });
    expect(variants.map((v) => v.network).sort()).toEqual(['website', 'x']);

    const action = (path: string, fields: Record<string, string>) =>
      admin.request(path, { method: 'POST', body: new URLSearchParams({ _csrf: admin.csrfToken, ...fields }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect((await action(`/piezas/${id}/estado`, { action: 'submit' })).status).toBe(303);
    expect((await action(`/piezas/${id}/revision`, { decision: 'approve' })).status).toBe(303);
    const approvedPage = await (await admin.request(`/piezas/${id}`)).text();
    expect(approvedPage).toContain('name="account.x"');
    const published = await action(`/piezas/${id}/publicar`, { networks: 'x', 'account.x': xSandbox.id });
    const body = await published.text();
    expect(published.status, /role="alert">[^<]*/.exec(body)?.[0]).toBe(200);
    expect(body).toContain('X: publicada');
    expect(body).toContain('Ver publicación');
    expect(body).toContain('class="badge sandbox"');
    // Only X was asked for: the piece waits for its website variant.
    expect((await t.db.piece.findUniqueOrThrow({ where: { id } })).status).toBe('approved');
    const rest = await action(`/piezas/${id}/publicar`, { networks: 'website' });
    expect(await rest.text()).toContain('Sitio web municipal: publicada');
    expect((await t.db.piece.findUniqueOrThrow({ where: { id } })).status).toBe('published');
  });

  it('checks a variant live: X counts a URL as 23 characters and asks for alt text on every image', async () => {
    const media = await t.db.mediaAsset.create({ data: { kind: 'image', mimeType: 'image/png', bytes: 1000, width: 1080, height: 1080, sha256: 'abc', storagePath: 'ab/abc.png' } });
    const res = await admin.request('/api/channels/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ network: 'x', text: `Hola https://example.gov.co/${'a'.repeat(100)}`, media: [{ mediaAssetId: media.id, altText: '' }] }),
    });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.counters.find((c: { field: string }) => c.field === 'text')).toMatchObject({ used: 28, limit: 280 });
    expect(result.issues.some((i: { severity: string; message: string }) => i.severity === 'error' && /alternativo/i.test(i.message))).toBe(true);
  });
});

describe('the media library page', () => {
  it('uploads a video checked by its content, and refuses a script renamed .mp4 in Spanish without storing it', async () => {
    const upload = (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.set('_csrf', admin.csrfToken);
      form.set('file', new File([new Uint8Array(bytes)], name, { type: 'video/mp4' }));
      return admin.request('/medios', { method: 'POST', body: form });
    };
    const before = await t.db.mediaAsset.count();
    const ok = await upload(Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(64)]), 'audiencia.mp4');
    expect(ok.status).toBe(303);
    expect(await t.db.mediaAsset.count({ where: { kind: 'video', originalName: 'audiencia.mp4' } })).toBe(1);
    const bad = await upload(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'truco.mp4');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('no es una imagen PNG, JPEG o WebP');
    expect(await t.db.mediaAsset.count()).toBe(before + 1);
  });
});
