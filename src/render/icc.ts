import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Digital renders are sRGB and say so with an embedded sRGB ICC profile. libvips can only
 * embed a profile by transforming every pixel through it (about 13 ms for a 1600×900
 * post, more than the rest of the encoding), although librsvg already paints in sRGB.
 * So the profile is taken from libvips once and written into the PNG (iCCP chunk) or JPEG
 * (APP2 ICC_PROFILE segment) as bytes; WebP keeps libvips' way.
 */
let profile: Promise<Buffer> | null = null;

export function srgbProfile(): Promise<Buffer> {
  profile ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' } })
    .withIccProfile('srgb')
    .png()
    .toBuffer()
    .then((png) => sharp(png).metadata())
    .then((meta) => {
      if (!meta.icc) throw new Error('libvips no entregó el perfil sRGB');
      return meta.icc;
    });
  return profile;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** The PNG with an iCCP chunk right after IHDR (where the PNG specification wants it). */
export function pngWithIcc(png: Buffer, icc: Buffer): Buffer {
  const ihdrEnd = 8 + 4 + 4 + png.readUInt32BE(8) + 4;
  if (png.toString('latin1', 12, 16) !== 'IHDR') return png;
  const data = Buffer.concat([Buffer.from('sRGB IEC61966-2.1\0', 'latin1'), Buffer.from([0]), deflateSync(icc)]);
  return Buffer.concat([png.subarray(0, ihdrEnd), pngChunk('iCCP', data), png.subarray(ihdrEnd)]);
}

/** The JPEG with an APP2 ICC_PROFILE segment after its SOI and any APP0 (JFIF) segment. */
export function jpegWithIcc(jpeg: Buffer, icc: Buffer): Buffer {
  if (icc.length > 65519 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + jpeg.readUInt16BE(4);
  const header = Buffer.from('ICC_PROFILE\0', 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(2 + header.length + 2 + icc.length);
  const segment = Buffer.concat([Buffer.from([0xff, 0xe2]), length, header, Buffer.from([1, 1]), icc]);
  return Buffer.concat([jpeg.subarray(0, at), segment, jpeg.subarray(at)]);
}
