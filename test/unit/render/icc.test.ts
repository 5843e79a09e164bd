import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegWithIcc, pngWithIcc, srgbProfile } from '../../../src/render/icc.js';

const image = () => sharp({ create: { width: 8, height: 6, channels: 3, background: '#0b5cad' } });

describe('sRGB profile written as bytes', () => {
  it('makes a PNG that decoders read, with the profile and the same pixels', async () => {
    const png = await image().png().toBuffer();
    const tagged = pngWithIcc(png, await srgbProfile());
    expect(tagged.toString('latin1', 37, 41)).toBe('iCCP'); // right after the 13-byte IHDR
    const meta = await sharp(tagged).metadata();
    expect(meta.icc?.equals(await srgbProfile())).toBe(true);
    expect((await sharp(tagged).raw().toBuffer()).equals(await sharp(png).raw().toBuffer())).toBe(true);
  });

  it('makes a JPEG that decoders read, with the profile after the JFIF segment', async () => {
    const jpeg = await image().jpeg().toBuffer();
    const tagged = jpegWithIcc(jpeg, await srgbProfile());
    const meta = await sharp(tagged).metadata();
    expect(meta.icc?.equals(await srgbProfile())).toBe(true);
    expect(meta.width).toBe(8);
    expect(tagged.indexOf(Buffer.from('ICC_PROFILE\0', 'latin1'))).toBeGreaterThan(2);
  });

  it('leaves what is not a PNG or JPEG untouched', async () => {
    const icc = await srgbProfile();
    const junk = Buffer.from('no es una imagen');
    expect(pngWithIcc(Buffer.concat([Buffer.alloc(8), Buffer.from([0, 0, 0, 13]), Buffer.from('ABCD'), Buffer.alloc(17)]), icc).length).toBe(33);
    expect(jpegWithIcc(junk, icc)).toBe(junk);
  });
});
