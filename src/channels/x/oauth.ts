import type { IParsedOAuth2TokenResult } from 'twitter-api-v2';
import { ChannelError, type ChannelSettings, type Credentials, type OAuthFlow, type TokenSet } from '../channel.js';
import { appClient } from './client.js';
import { toChannelError, tokenError } from './errors.js';

/** Read and write posts, upload images, know who the account is, and get a refresh token. */
const scopes = ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write'];

/** OAuth 2.0 with PKCE, as X requires for user tokens. */
export const xOAuth: OAuthFlow = {
  start(settings, { state, redirectUri }) {
    const link = appClient(settings).generateOAuth2AuthLink(redirectUri, { scope: scopes, state });
    // The library builds the address on x.com; the setting decides where the browser goes
    // (the local server in sandbox mode). The query (challenge, state…) stays as built.
    const url = new URL(settings.x.authorizeUrl);
    url.search = new URL(link.url).search;
    return { url: url.toString(), codeVerifier: link.codeVerifier };
  },

  async finish(settings, { code, redirectUri, codeVerifier }) {
    if (!codeVerifier) {
      throw new ChannelError('auth', 'Falta el verificador PKCE de esta conexión; inicie de nuevo la conexión con X.', { reason: 'missing_code_verifier' });
    }
    let login: IParsedOAuth2TokenResult;
    try {
      login = await appClient(settings).loginWithOAuth2({ code, codeVerifier, redirectUri });
    } catch (error) {
      throw tokenError(error);
    }
    try {
      const { data: me } = await login.client.v2.me();
      return [{ ...toTokenSet(login), label: `@${me.username}`, remoteAccountId: me.id }];
    } catch (error) {
      throw toChannelError(error, 'read');
    }
  },
};

/** X rotates refresh tokens: the one returned replaces the stored one, which stops working. */
export async function refreshX(settings: ChannelSettings, credentials: Credentials): Promise<TokenSet> {
  if (!credentials.refreshToken) {
    throw new ChannelError('auth', 'La cuenta de X no tiene token de renovación; vuelva a conectarla.', { reason: 'missing_refresh_token' });
  }
  try {
    return toTokenSet(await appClient(settings).refreshOAuth2Token(credentials.refreshToken));
  } catch (error) {
    throw tokenError(error);
  }
}

function toTokenSet(result: IParsedOAuth2TokenResult): TokenSet {
  return {
    accessToken: result.accessToken,
    refreshToken: result.refreshToken ?? null,
    expiresAt: new Date(Date.now() + result.expiresIn * 1000),
    scope: result.scope.join(' '),
  };
}
