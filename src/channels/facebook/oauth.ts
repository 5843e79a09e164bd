import { ChannelError, type ChannelSettings, type ConnectedAccount, type Credentials, type OAuthFlow, type TokenSet } from '../channel.js';
import { graph } from './graph.js';

/**
 * Facebook Login for a Page manager: the user approves the app, the code becomes a user
 * token, the user token a long-lived one, and `/me/accounts` gives each page the user
 * manages with its own page token. Page tokens obtained from a long-lived user token do not
 * expire, so there is nothing to refresh later.
 */

export const FACEBOOK_SCOPES = 'pages_manage_posts,pages_read_engagement,pages_show_list,read_insights';

type TokenAnswer = { access_token: string; token_type?: string; expires_in?: number };
type PageAnswer = { id: string; name: string; access_token: string };

function appCredentials(settings: ChannelSettings, needSecret: boolean): { appId: string; appSecret: string } {
  const { appId, appSecret } = settings.meta;
  if (!appId || (needSecret && !appSecret)) {
    throw new ChannelError('auth', 'Facebook no está configurado: falta META_APP_ID o META_APP_SECRET. Pida al administrador que registre la aplicación de Meta.');
  }
  return { appId, appSecret: appSecret ?? '' };
}

export const facebookOAuth: OAuthFlow = {
  start(settings, { state, redirectUri }) {
    const { appId } = appCredentials(settings, false);
    const url = new URL(settings.meta.dialogUrl);
    url.search = new URLSearchParams({ client_id: appId, redirect_uri: redirectUri, state, scope: FACEBOOK_SCOPES, response_type: 'code' }).toString();
    return { url: url.toString(), codeVerifier: null };
  },

  async finish(settings, { code, redirectUri }) {
    const { appId, appSecret } = appCredentials(settings, true);
    const app = { client_id: appId, client_secret: appSecret };
    const user = await graph<TokenAnswer>(settings, { method: 'GET', path: '/oauth/access_token', query: { ...app, redirect_uri: redirectUri, code } });
    const longLived = await graph<TokenAnswer>(settings, {
      method: 'GET',
      path: '/oauth/access_token',
      query: { ...app, grant_type: 'fb_exchange_token', fb_exchange_token: user.access_token },
    });
    // One request for all pages: an office manages a handful, far below the 100 asked for.
    const pages = await graph<{ data: PageAnswer[] }>(settings, {
      method: 'GET',
      path: '/me/accounts',
      query: { fields: 'id,name,access_token', limit: '100' },
      token: longLived.access_token,
    });
    if (pages.data.length === 0) {
      throw new ChannelError('rejected', 'La cuenta de Facebook que autorizó no administra ninguna página, o no compartió ninguna con Pregón.', { reason: 'no_pages' });
    }
    return pages.data.map(toAccount);
  },
};

function toAccount(page: PageAnswer): ConnectedAccount {
  // No scope: Graph does not say here which of the asked permissions the user granted.
  return { label: page.name, remoteAccountId: page.id, accessToken: page.access_token, refreshToken: null, expiresAt: null };
}

/**
 * Page tokens do not expire, so "refreshing" checks that the token still works
 * (`GET /me` answers as the page) and returns it unchanged. An invalid token (code 190)
 * becomes `ChannelError('auth')`: the page must be reconnected.
 */
export async function validatePageToken(settings: ChannelSettings, credentials: Credentials): Promise<TokenSet> {
  const me = await graph<{ id: string; name?: string }>(settings, { method: 'GET', path: '/me', query: { fields: 'id,name' }, token: credentials.accessToken });
  if (credentials.remoteAccountId && me.id !== credentials.remoteAccountId) {
    throw new ChannelError('auth', 'El token guardado no pertenece a esta página de Facebook; vuelva a conectarla.', { reason: `token for ${me.id}` });
  }
  return { accessToken: credentials.accessToken, expiresAt: null };
}
