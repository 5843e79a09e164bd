import type { Network } from '../generated/prisma/client.js';
import type { Channel } from './channel.js';
import { facebookChannel } from './facebook/index.js';
import { websiteChannel } from './website/index.js';
import { xChannel } from './x/index.js';
import { youtubeChannel } from './youtube/index.js';

/** Every network Pregón publishes to. Adding one: a folder that exports a Channel, and a line here. */
export const channels: Record<Network, Channel> = {
  x: xChannel,
  youtube: youtubeChannel,
  facebook: facebookChannel,
  website: websiteChannel,
};

export function channelFor(network: Network): Channel {
  return channels[network];
}
