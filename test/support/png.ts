/**
 * Reading a PNG file back in tests: its header (size, colour type), every chunk's checksum, and its
 * pixels (8-bit, not interlaced: what pdftoppm and Chromium write), to tell a drawn page from a blank one.
 */
import { crc32, inflateSync } from 'node:zlib';

export interface PngImage {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  /** One row after another, `channels` bytes a pixel. */
  readonly pixels: Uint8Array;
  readonly channels: number;
}

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const channelsOf: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function readPng(bytes: Uint8Array): PngImage {
  if (bytes.length < 33 || signature.some((byte, index) => bytes[index] !== byte)) throw new Error('not a PNG file (no PNG signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data: Uint8Array[] = [];
  let header: { width: number; height: number; bitDepth: number; colourType: number; interlace: number } | undefined;
  let offset = 8;
  let ended = false;
  while (offset + 12 <= bytes.length && !ended) {
    const length = view.getUint32(offset);
    const type = Buffer.from(bytes.subarray(offset + 4, offset + 8)).toString('latin1');
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new Error(`the ${type} chunk is cut short`);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) throw new Error(`the ${type} chunk's checksum is wrong`);
    if (type === 'IHDR') {
      const fields = new DataView(body.buffer, body.byteOffset, body.byteLength);
      header = { width: fields.getUint32(0), height: fields.getUint32(4), bitDepth: body[8] ?? 0, colourType: body[9] ?? 0, interlace: body[12] ?? 0 };
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    offset += 12 + length;
  }
  if (!header) throw new Error('the PNG has no IHDR chunk');
  if (!ended) throw new Error('the PNG has no IEND chunk');
  const channels = channelsOf[header.colourType];
  if (channels === undefined || header.bitDepth !== 8 || header.interlace !== 0) {
    throw new Error(`unsupported PNG (colour type ${header.colourType}, bit depth ${header.bitDepth}, interlace ${header.interlace})`);
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = header.width * channels;
  if (raw.length !== header.height * (stride + 1)) throw new Error('the PNG image data has the wrong length');
  const pixels = new Uint8Array(header.height * stride);
  for (let row = 0; row < header.height; row += 1) {
    const filter = raw[row * (stride + 1)];
    const line = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const at = row * stride;
    for (let index = 0; index < stride; index += 1) {
      const left = index >= channels ? (pixels[at + index - channels] ?? 0) : 0;
      const up = row > 0 ? (pixels[at - stride + index] ?? 0) : 0;
      const upLeft = row > 0 && index >= channels ? (pixels[at - stride + index - channels] ?? 0) : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const estimate = left + up - upLeft;
        const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
        predictor = toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
      } else throw new Error(`unknown PNG filter ${filter ?? 'missing'} in row ${row}`);
      pixels[at + index] = ((line[index] ?? 0) + predictor) & 0xff;
    }
  }
  return { width: header.width, height: header.height, bitDepth: header.bitDepth, colourType: header.colourType, pixels, channels };
}

/** The share of pixels darker than light grey: ink of text and rules on a white page. */
export function inkShare(image: PngImage): number {
  let ink = 0;
  const count = image.width * image.height;
  for (let pixel = 0; pixel < count; pixel += 1) {
    const at = pixel * image.channels;
    const grey = image.channels < 3 ? (image.pixels[at] ?? 0) : ((image.pixels[at] ?? 0) * 299 + (image.pixels[at + 1] ?? 0) * 587 + (image.pixels[at + 2] ?? 0) * 114) / 1000;
    if (grey < 160) ink += 1;
  }
  return ink / count;
}
