import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretKey } from '../../src/auth/secret-box.js';
import { createTestContext, jsonRequest, type TestContext } from '../support/test-db.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

const connect = (body: Record<string, unknown>) => t.app.request('/api/channels/accounts', jsonRequest('POST', body));
const box = () => createSecretBox(loadSecretKey(t.config));

describe('channel accounts connected by pasted tokens', () => {
  it('stores the tokens encrypted and never returns them', async () => {
    const res = await connect({ network: 'x', label: 'Alcaldía en X', accessToken: 'x-access-token-123456', refreshToken: 'x-refresh-token-abcdef', expiresAt: '2030-01-01T00:00:00Z' });
    expect(res.status).toBe(201);
    const text = await res.clone().text();
    expect(text).not.toContain('x-access-token');
    expect(await res.json()).toMatchObject({ network: 'x', status: 'active', hasAccessToken: true, hasRefreshToken: true, tokenExpiresAt: '2030-01-01T00:00:00.000Z' });

    const row = await t.db.channelAccount.findFirstOrThrow({ where: { label: 'Alcaldía en X' } });
    expect(row.accessTokenEncrypted).not.toContain('x-access-token');
    expect(box().decrypt(row.accessTokenEncrypted!)).toBe('x-access-token-123456');
    expect(box().decrypt(row.refreshTokenEncrypted!)).toBe('x-refresh-token-abcdef');

    const listed = await (await t.app.request('/api/channels/accounts')).text();
    expect(listed).not.toContain('x-access-token');
    expect(listed).not.toContain(row.accessTokenEncrypted!);
    const audit = await (await t.app.request('/api/audit?entityType=ChannelAccount')).text();
    expect(audit).not.toContain('x-access-token');
  });

  it('keeps the stored refresh token on a reconnect that brings none', async () => {
    await connect({ network: 'youtube', label: 'Canal municipal', accessToken: 'ya29.first-access', refreshToken: '1//first-refresh' });
    const again = await connect({ network: 'youtube', label: 'Canal municipal', accessToken: 'ya29.second-access' });
    expect(again.status).toBe(201);
    const rows = await t.db.channelAccount.findMany({ where: { label: 'Canal municipal' } });
    expect(rows).toHaveLength(1);
    expect(box().decrypt(rows[0]!.accessTokenEncrypted!)).toBe('ya29.second-access');
    expect(box().decrypt(rows[0]!.refreshTokenEncrypted!)).toBe('1//first-refresh');
    const actions = (await (await t.app.request(`/api/audit?entityType=ChannelAccount&entityId=${rows[0]!.id}`)).json()).items.map((e: { action: string }) => e.action);
    expect(actions.sort()).toEqual(['connect', 'reconnect']);
  });

  it('marks an account whose token already expired, with no refresh token, as needing reconnection', async () => {
    const res = await connect({ network: 'facebook', label: 'Página de Facebook', accessToken: 'EAAB-expired-token', expiresAt: '2020-01-01T00:00:00Z' });
    expect((await res.json()).status).toBe('reconnect_needed');
  });

  it('refuses unknown networks and short tokens with a Spanish 400, storing nothing', async () => {
    const before = await t.db.channelAccount.count();
    const res = await connect({ network: 'tiktok', label: 'Otra', accessToken: 'token-largo-123' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('network');
    expect((await connect({ network: 'x', label: 'Otra', accessToken: 'corto' })).status).toBe(400);
    expect(await t.db.channelAccount.count()).toBe(before);
  });

  it('disables an account, erasing its tokens but keeping the account', async () => {
    const { id } = await (await connect({ network: 'x', label: 'Cuenta a retirar', accessToken: 'token-a-retirar-1' })).json();
    const res = await t.app.request(`/api/channels/accounts/${id}`, { method: 'DELETE' });
    expect(await res.json()).toMatchObject({ status: 'disabled', hasAccessToken: false });
    expect((await t.db.channelAccount.findUniqueOrThrow({ where: { id } })).accessTokenEncrypted).toBeNull();
    expect((await t.app.request('/api/channels/accounts/nada', { method: 'DELETE' })).status).toBe(404);
  });
});
