#!/usr/bin/env node
// Generates every icon in build/ from the vector descriptions below (no external tools, no network):
//   build/tray/<state>.png + <state>@2x.png          coloured tray icons, 16 and 32 px
//   build/tray/<state>Template.png + @2x              macOS menu-bar template images (black + alpha)
//   build/icon.png (512), build/icon.ico, build/icon.icns
//   build/preview/icons-preview.png                    enlarged sheet on light and dark backgrounds
// Usage: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => join(root, 'build', p);

// ---------------------------------------------------------------- colours
const hex = (h, a = 1) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), a];
// The tray speaks the models' health (worst watched model), like the window's dots:
// failed red, starting amber, ready green, stopped hollow grey. "<health>-lost" adds a small grey
// badge with a bar: a stream or a server is lost, so the colour may be stale.
const STATES = {
  failed: { fill: hex('#E5484D'), edge: hex('#8E1D22') },
  starting: { fill: hex('#F5B83D'), edge: hex('#8A5A00') },
  ready: { fill: hex('#30A46C'), edge: hex('#14532D') },
  stopped: { fill: hex('#D9DDE3'), edge: hex('#5A5F66') },
};
const STOPPED_GREY = hex('#8B9099');
const LOST = { fill: hex('#8B9099'), edge: hex('#3F434A') };
const ICONS = Object.keys(STATES).flatMap((h) => [h, `${h}-lost`]);
const WHITE = hex('#FFFFFF');
const BLACK = hex('#000000');

// ---------------------------------------------------------------- shapes (unit square coordinates)
// Each shape: { inside(x, y) → boolean, color, op: 'over' | 'clear' }
const circle = (cx, cy, r, color, op = 'over') => ({ inside: (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r, color, op });
const ring = (cx, cy, r, w, color, op = 'over') => ({
  inside: (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    return d <= r && d >= r - w;
  },
  color,
  op,
});
const roundRect = (x0, y0, x1, y1, rad, color, op = 'over') => ({
  inside: (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + rad), x1 - rad);
    const cy = Math.min(Math.max(y, y0 + rad), y1 - rad);
    return (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad;
  },
  color,
  op,
});
const capsule = (x0, x1, y, t, color, op) => roundRect(x0, y - t / 2, x1, y + t / 2, t / 2, color, op);
// A thick line segment from (ax, ay) to (bx, by).
const segment = (ax, ay, bx, by, t, color, op = 'over') => ({
  inside: (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const k = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (ax + k * dx), y - (ay + k * dy)) <= t / 2;
  },
  color,
  op,
});

// Positions on the 16 px grid (multiples of 1/16) so the 1x icon stays crisp.
const logLines = (color, op, t = 0.125) => [capsule(0.25, 0.75, 0.3125, t, color, op), capsule(0.25, 0.625, 0.5, t, color, op), capsule(0.25, 0.75, 0.6875, t, color, op)];
const bang = (color) => [roundRect(0.4375, 0.1875, 0.5625, 0.5625, 0.03, color), roundRect(0.4375, 0.6875, 0.5625, 0.8125, 0.03, color)];

// The "lost" badge in the bottom-right corner, cut out of the main disc.
const lostBadge = (fill, edge, bar) => [
  circle(0.78, 0.78, 0.3, BLACK, 'clear'),
  circle(0.78, 0.78, 0.22, edge),
  circle(0.78, 0.78, 0.16, fill),
  capsule(0.68, 0.88, 0.78, 0.08, bar, 'over'),
];

function trayShapes(icon) {
  const [state, lost] = icon.split('-');
  const { fill, edge } = STATES[state];
  const base = [circle(0.5, 0.5, 0.5, edge), circle(0.5, 0.5, 0.43, fill)];
  let shapes;
  if (state === 'failed') shapes = [...base, ...bang(WHITE)];
  // Stopped: hollow, a mid-grey ring and lines, readable on light and dark taskbars alike.
  else if (state === 'stopped') shapes = [ring(0.5, 0.5, 0.5, 0.14, STOPPED_GREY), ...logLines(STOPPED_GREY, 'over')];
  else shapes = [...base, ...logLines(WHITE, 'over')];
  return lost ? [...shapes, ...lostBadge(LOST.fill, LOST.edge, WHITE)] : shapes;
}

function templateShapes(icon) {
  const [state, lost] = icon.split('-');
  let shapes;
  switch (state) {
    case 'ready':
      shapes = [circle(0.5, 0.5, 0.48, BLACK), ...logLines(BLACK, 'clear')];
      break;
    case 'starting':
      shapes = [ring(0.5, 0.5, 0.48, 0.12, BLACK), ...logLines(BLACK, 'over')];
      break;
    case 'stopped':
      shapes = [ring(0.5, 0.5, 0.48, 0.12, hex('#000000', 0.55)), ...logLines(hex('#000000', 0.55), 'over')];
      break;
    default:
      shapes = [circle(0.5, 0.5, 0.48, BLACK), ...bang(BLACK).map((s) => ({ ...s, op: 'clear' }))];
  }
  return lost ? [...shapes, circle(0.78, 0.78, 0.3, BLACK, 'clear'), ring(0.78, 0.78, 0.22, 0.08, BLACK), segment(0.68, 0.78, 0.88, 0.78, 0.08, BLACK)] : shapes;
}

function appIconShapes() {
  const bg = hex('#1E2230');
  const grey = hex('#C9CED6');
  const dim = hex('#7D8594');
  return [
    roundRect(0.04, 0.04, 0.96, 0.96, 0.2, bg),
    capsule(0.18, 0.62, 0.27, 0.07, dim),
    capsule(0.18, 0.74, 0.4, 0.07, grey),
    capsule(0.18, 0.55, 0.53, 0.07, hex('#E5484D')),
    capsule(0.18, 0.68, 0.66, 0.07, grey),
    capsule(0.18, 0.46, 0.79, 0.07, hex('#30A46C')),
    circle(0.76, 0.74, 0.17, bg),
    circle(0.76, 0.74, 0.14, hex('#30A46C')),
    ...[0.69, 0.74, 0.79].map((y, i) => capsule(0.69, i === 1 ? 0.79 : 0.83, y, 0.03, WHITE)),
  ];
}

// ---------------------------------------------------------------- rasteriser
function render(shapes, size, ss = 8) {
  const px = new Float64Array(size * size * 4); // premultiplied RGBA 0..1
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const ux = (x + (sx + 0.5) / ss) / size;
          const uy = (y + (sy + 0.5) / ss) / size;
          let pr = 0;
          let pg = 0;
          let pb = 0;
          let pa = 0;
          for (const s of shapes) {
            if (!s.inside(ux, uy)) continue;
            if (s.op === 'clear') {
              pr = pg = pb = pa = 0;
              continue;
            }
            const ca = s.color[3];
            pr = (s.color[0] / 255) * ca + pr * (1 - ca);
            pg = (s.color[1] / 255) * ca + pg * (1 - ca);
            pb = (s.color[2] / 255) * ca + pb * (1 - ca);
            pa = ca + pa * (1 - ca);
          }
          r += pr;
          g += pg;
          b += pb;
          a += pa;
        }
      }
      const n = ss * ss;
      const i = (y * size + x) * 4;
      px[i] = r / n;
      px[i + 1] = g / n;
      px[i + 2] = b / n;
      px[i + 3] = a / n;
    }
  }
  const rgba = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const a = px[i * 4 + 3];
    rgba[i * 4 + 3] = Math.round(a * 255);
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = a > 0 ? Math.round(Math.min(1, px[i * 4 + c] / a) * 255) : 0;
  }
  return { width: size, height: size, rgba };
}

// ---------------------------------------------------------------- encoders
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
export function encodePng({ width, height, rgba }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, data }, i) => {
    const e = 6 + i * 16;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.data)]);
}
function encodeIcns(entries) {
  const parts = entries.map(({ type, data }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

// ---------------------------------------------------------------- preview sheet
function sheet(rows, cell, bgLight, bgDark) {
  const cols = rows[0].length;
  const width = cols * 2 * cell;
  const height = rows.length * cell;
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bg = Math.floor(x / (cols * cell)) === 0 ? bgLight : bgDark;
      const i = (y * width + x) * 4;
      rgba[i] = bg[0];
      rgba[i + 1] = bg[1];
      rgba[i + 2] = bg[2];
      rgba[i + 3] = 255;
    }
  }
  rows.forEach((row, ry) => {
    for (let half = 0; half < 2; half++) {
      row.forEach((img, cx) => {
        const scale = Math.max(1, Math.floor((cell - 8) / img.width));
        const ox = (half * cols + cx) * cell + Math.floor((cell - img.width * scale) / 2);
        const oy = ry * cell + Math.floor((cell - img.height * scale) / 2);
        for (let y = 0; y < img.height * scale; y++) {
          for (let x = 0; x < img.width * scale; x++) {
            const s = (Math.floor(y / scale) * img.width + Math.floor(x / scale)) * 4;
            const d = ((oy + y) * width + ox + x) * 4;
            const a = img.rgba[s + 3] / 255;
            for (let c = 0; c < 3; c++) rgba[d + c] = Math.round(img.rgba[s + c] * a + rgba[d + c] * (1 - a));
          }
        }
      });
    }
  });
  return { width, height, rgba };
}

// ---------------------------------------------------------------- main
function write(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

const previewRows = [];
for (const state of ICONS) {
  const s16 = render(trayShapes(state), 16);
  const s32 = render(trayShapes(state), 32);
  const t16 = render(templateShapes(state), 16);
  const t32 = render(templateShapes(state), 32);
  write(out(`tray/${state}.png`), encodePng(s16));
  write(out(`tray/${state}@2x.png`), encodePng(s32));
  write(out(`tray/${state}Template.png`), encodePng(t16));
  write(out(`tray/${state}Template@2x.png`), encodePng(t32));
  previewRows.push([s16, s32, t16, t32]);
}
const app = (size) => encodePng(render(appIconShapes(), size, size >= 256 ? 3 : 6));
write(out('icon.png'), app(512));
write(out('icon.ico'), encodeIco([16, 32, 48, 256].map((size) => ({ size, data: app(size) }))));
write(
  out('icon.icns'),
  encodeIcns([
    { type: 'icp4', data: app(16) },
    { type: 'icp5', data: app(32) },
    { type: 'ic07', data: app(128) },
    { type: 'ic08', data: app(256) },
    { type: 'ic09', data: app(512) },
  ]),
);
const appSmall = [16, 32, 64, 128].map((s) => render(appIconShapes(), s, 6));
write(out('preview/icons-preview.png'), encodePng(sheet([...previewRows, appSmall], 136, [243, 243, 243], [32, 33, 36])));
console.log('icons written to build/ (preview: build/preview/icons-preview.png)');
