import { systemActor } from '../audit/write-audit.js';
import type { SecretBox } from '../auth/secret-box.js';
import { connectAccountWithTokens } from '../channels/accounts.js';
import type { ChannelSettings } from '../channels/channel.js';
import type { Db } from '../db/client.js';
import type { Network } from '../generated/prisma/client.js';
import { serveFake, type FakeNetwork, type ServedFake } from './fake-kit.js';
import { createFakeGoogle } from './google.js';
import { createFakeGraph } from './graph.js';
import { createFakeX } from './x.js';

export type Sandbox = {
  settings: ChannelSettings;
  fakes: Record<'x' | 'google' | 'meta', FakeNetwork & ServedFake>;
  close(): Promise<void>;
};

/** The client ids the sandbox servers accept: OAuth in the browser works without real credentials. */
const SANDBOX_CLIENT = { id: 'pregon-sandbox', secret: 'pregon-sandbox-secret' };

/**
 * Sandbox mode (PREGON_SANDBOX=true): the local X, Google and Graph servers run in this
 * process on loopback ports, the channel settings point at them, and one sandbox account per
 * network is connected, so a new user can go through the whole flow without real credentials.
 * The servers keep their posts in memory: a restart starts them empty (and reconnects the accounts).
 */
export async function startSandbox({ db, box, settings }: { db: Db; box: SecretBox; settings: ChannelSettings }): Promise<Sandbox> {
  const sandbox = await startSandboxServers(settings);
  await connectSandboxAccounts({ db, box, sandbox });
  return sandbox;
}

/** The three local servers, and channel settings that point at them. */
export async function startSandboxServers(settings: ChannelSettings): Promise<Sandbox> {
  // The Google client honours HTTP(S)_PROXY; calls to the local servers must stay on this machine.
  process.env.NO_PROXY = [process.env.NO_PROXY, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  const serve = async (fake: FakeNetwork) => ({ ...fake, ...(await serveFake(fake.app, fake.kit)) });
  const fakes = { x: await serve(createFakeX()), google: await serve(createFakeGoogle()), meta: await serve(createFakeGraph()) };
  const sandboxSettings: ChannelSettings = {
    ...settings,
    x: { apiBaseUrl: fakes.x.url, authorizeUrl: `${fakes.x.url}/i/oauth2/authorize`, webUrl: fakes.x.url, clientId: SANDBOX_CLIENT.id, clientSecret: SANDBOX_CLIENT.secret },
    google: {
      youtubeRootUrl: `${fakes.google.url}/`,
      tokenUrl: `${fakes.google.url}/token`,
      authorizeUrl: `${fakes.google.url}/o/oauth2/v2/auth`,
      watchUrl: `${fakes.google.url}/watch`,
      clientId: SANDBOX_CLIENT.id,
      clientSecret: SANDBOX_CLIENT.secret,
    },
    meta: {
      ...settings.meta,
      graphBaseUrl: `${fakes.meta.url}/v21.0`,
      dialogUrl: `${fakes.meta.url}/v21.0/dialog/oauth`,
      webUrl: `${fakes.meta.url}/web`,
      appId: SANDBOX_CLIENT.id,
      appSecret: SANDBOX_CLIENT.secret,
    },
  };

  return {
    settings: sandboxSettings,
    fakes,
    close: async () => {
      await Promise.all(Object.values(fakes).map((f) => f.close()));
    },
  };
}

/** One account per network on the local servers, marked sandbox; reconnected with fresh tokens on every start. */
export async function connectSandboxAccounts({ db, box, sandbox }: { db: Db; box: SecretBox; sandbox: Sandbox }) {
  const { fakes } = sandbox;
  const accounts: [Network, FakeNetwork, string][] = [
    ['x', fakes.x, 'X Sandbox'],
    ['youtube', fakes.google, 'YouTube Sandbox'],
    ['facebook', fakes.meta, 'Facebook Sandbox'],
  ];
  for (const [network, fake, label] of accounts) {
    const made = fake.createAccount(label);
    await connectAccountWithTokens({
      db,
      box,
      actor: systemActor,
      input: {
        network,
        label,
        accessToken: made.accessToken,
        refreshToken: made.refreshToken ?? null,
        expiresAt: made.expiresAt?.toISOString() ?? null,
        remoteAccountId: made.remoteAccountId,
        scope: made.scope ?? null,
        sandbox: true,
      },
    });
  }
}
