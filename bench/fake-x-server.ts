// The local X server on its own, for benchmarks: serves on 127.0.0.1 and prints one JSON line
// with its URL and an account (tokens included), then runs until killed.
import { serveFake } from '../src/sandbox/fake-kit.js';
import { createFakeX } from '../src/sandbox/x.js';

const fake = createFakeX({ limits: { createTweet: 1_000_000, timeline: 1_000_000 } });
const served = await serveFake(fake.app, fake.kit);
const account = fake.createAccount('Alcaldía de San Martín');
console.log(JSON.stringify({ url: served.url, account }));
