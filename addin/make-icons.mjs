// Draws the add-in's icons (16–192 px PNGs and a 32 px outline in addin/assets): a white file folder on Akte blue.
// Run once after changing the design: `node addin/make-icons.mjs`. Plain zlib, no image library needed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** The outline icon of the unified manifest: white shape on transparent (Microsoft 365 app icon rules). */
function outlinePixel(x, y, size) {
  const u = (x + 0.5) / size;
  const v = (y + 0.5) / size;
  const tab = u > 0.1 && u < 0.45 && v > 0.2 && v < 0.32;
  const folder = u > 0.1 && u < 0.9 && v > 0.3 && v < 0.8;
  return tab || folder ? [255, 255, 255, 255] : [0, 0, 0, 0];
}

function pixel(x, y, size) {
  const u = (x + 0.5) / size;
  const v = (y + 0.5) / size;
  const r = 0.18; // rounded corners of the background
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return [0, 0, 0, 0];
  const tab = u > 0.2 && u < 0.45 && v > 0.27 && v < 0.36;
  const folder = u > 0.2 && u < 0.8 && v > 0.34 && v < 0.74;
  return tab || folder ? [255, 255, 255, 255] : [15, 108, 189, 255];
}

function png(size, draw = pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(draw(x, y, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 64, 80, 128, 192]) writeFileSync(path.join(here, 'assets', `icon-${size}.png`), png(size));
writeFileSync(path.join(here, 'assets', 'outline-32.png'), png(32, outlinePixel));
