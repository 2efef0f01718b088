/**
 * Draws the demo school's illustrations (seeds/demo/images/*.jpg).
 *
 * Run once by hand: `npx tsx seeds/demo/make-images.ts`; the JPEGs are committed, so the demo export never
 * depends on fonts or on this script at runtime. Everything is drawn from shapes and gradients with a seeded
 * random generator (deterministic output), and every picture carries a visible 「示例图片」 watermark so no
 * one mistakes it for a real photograph of a real school.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { mulberry32 } from './prng';

export const IMAGE_WIDTH = 1600;
export const IMAGE_HEIGHT = 1200;
const JPEG_QUALITY = 80;
const W = IMAGE_WIDTH;
const H = IMAGE_HEIGHT;
const FONT = 'DemoCJK';
const FONT_PATHS = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
];

type Ctx = SKRSContext2D;

/** seeded, so every run draws the same picture */
const rng = mulberry32;

const SKINS = ['#f1c9a5', '#e8b890', '#d9a47a', '#f3d2b3', '#c68e63'];
const SKINS_WORLD = ['#f1c9a5', '#8d5a3b', '#5e3a24', '#e0b58c', '#c28f6a', '#f5d9c4'];
const HAIRS = ['#1d1a18', '#2b2220', '#3a2a22', '#141414'];

function linear(ctx: Ctx, x0: number, y0: number, x1: number, y1: number, stops: [number, string][]) {
  const g = ctx.createLinearGradient(x0, y0, x1, y1);
  for (const [o, c] of stops) g.addColorStop(o, c);
  return g;
}

function roundRect(ctx: Ctx, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function text(
  ctx: Ctx,
  s: string,
  x: number,
  y: number,
  size: number,
  color: string,
  align: CanvasTextAlign = 'center',
) {
  ctx.font = `${size}px ${FONT}`;
  ctx.fillStyle = color;
  ctx.textAlign = align;
  ctx.textBaseline = 'middle';
  ctx.fillText(s, x, y);
}

/** Interior: wall gradient above the horizon, floor gradient with perspective lines below. */
function room(ctx: Ctx, horizon: number, wall: [string, string], floor: [string, string], lines = true) {
  ctx.fillStyle = linear(ctx, 0, 0, 0, horizon, [
    [0, wall[0]],
    [1, wall[1]],
  ]);
  ctx.fillRect(0, 0, W, horizon);
  ctx.fillStyle = linear(ctx, 0, horizon, 0, H, [
    [0, floor[0]],
    [1, floor[1]],
  ]);
  ctx.fillRect(0, horizon, W, H - horizon);
  if (!lines) return;
  ctx.strokeStyle = 'rgba(255,255,255,0.10)';
  ctx.lineWidth = 2;
  for (let i = -10; i <= 10; i++) {
    ctx.beginPath();
    ctx.moveTo(W / 2 + i * 60, horizon);
    ctx.lineTo(W / 2 + i * 420, H);
    ctx.stroke();
  }
  for (let k = 1; k < 8; k++) {
    const y = horizon + (H - horizon) * (k / 8) ** 1.6;
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.lineTo(W, y);
    ctx.stroke();
  }
}

/** Sky + distant hills for outdoor scenes. */
function outdoors(ctx: Ctx, horizon: number, sky: [string, string], ground: [string, string], rand: () => number) {
  ctx.fillStyle = linear(ctx, 0, 0, 0, horizon, [
    [0, sky[0]],
    [1, sky[1]],
  ]);
  ctx.fillRect(0, 0, W, horizon);
  // soft clouds
  ctx.fillStyle = 'rgba(255,255,255,0.75)';
  for (let i = 0; i < 6; i++) {
    const cx = rand() * W;
    const cy = 60 + rand() * horizon * 0.4;
    for (let j = 0; j < 5; j++) {
      ctx.beginPath();
      ctx.ellipse(cx + j * 38 - 80, cy + (j % 2) * 10, 70, 34, 0, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  // two layers of hills (Chongqing is a mountain city)
  const layers: [string, number][] = [
    ['#8fb3a0', 0.55],
    ['#6f9c7c', 0.8],
  ];
  for (const [color, amp] of layers) {
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.moveTo(0, horizon);
    for (let x = 0; x <= W; x += 40) {
      const y = horizon - (Math.sin(x / 210 + amp * 7) * 0.5 + 0.6) * 120 * amp - rand() * 12;
      ctx.lineTo(x, y);
    }
    ctx.lineTo(W, horizon);
    ctx.closePath();
    ctx.fill();
  }
  ctx.fillStyle = linear(ctx, 0, horizon, 0, H, [
    [0, ground[0]],
    [1, ground[1]],
  ]);
  ctx.fillRect(0, horizon, W, H - horizon);
}

interface PersonStyle {
  shirt: string;
  pants?: string;
  skin?: string;
  hair?: string;
  hat?: 'none' | 'helmet' | 'grad' | 'cap';
  hatColor?: string;
  back?: boolean;
  arms?: 'down' | 'up' | 'forward' | 'raise' | 'point';
  vest?: string;
  skirt?: boolean;
}

/** A simple standing figure; (x, foot) is the point between the feet, h the full height in px. */
function person(ctx: Ctx, x: number, foot: number, h: number, s: PersonStyle) {
  const skin = s.skin ?? '#f1c9a5';
  const hair = s.hair ?? '#1d1a18';
  const pants = s.pants ?? '#2f3b52';
  const headR = h * 0.075;
  const headY = foot - h + headR;
  const neckY = headY + headR * 1.05;
  const hipY = foot - h * 0.47;
  const bw = h * 0.23;
  // ground shadow
  ctx.fillStyle = 'rgba(0,0,0,0.18)';
  ctx.beginPath();
  ctx.ellipse(x, foot, bw * 0.7, h * 0.025, 0, 0, Math.PI * 2);
  ctx.fill();
  // legs / skirt
  if (s.skirt) {
    ctx.fillStyle = pants;
    ctx.beginPath();
    ctx.moveTo(x - bw * 0.42, hipY - h * 0.02);
    ctx.lineTo(x + bw * 0.42, hipY - h * 0.02);
    ctx.lineTo(x + bw * 0.55, hipY + h * 0.22);
    ctx.lineTo(x - bw * 0.55, hipY + h * 0.22);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = skin;
    ctx.fillRect(x - bw * 0.3, hipY + h * 0.22, h * 0.05, foot - hipY - h * 0.24);
    ctx.fillRect(x + bw * 0.3 - h * 0.05, hipY + h * 0.22, h * 0.05, foot - hipY - h * 0.24);
  } else {
    ctx.fillStyle = pants;
    roundRect(ctx, x - bw * 0.42, hipY - h * 0.02, bw * 0.38, foot - hipY, h * 0.02);
    ctx.fill();
    roundRect(ctx, x + bw * 0.04, hipY - h * 0.02, bw * 0.38, foot - hipY, h * 0.02);
    ctx.fill();
  }
  ctx.fillStyle = '#1e1e1e';
  ctx.beginPath();
  ctx.ellipse(x - bw * 0.24, foot - h * 0.012, bw * 0.24, h * 0.02, 0, 0, Math.PI * 2);
  ctx.ellipse(x + bw * 0.24, foot - h * 0.012, bw * 0.24, h * 0.02, 0, 0, Math.PI * 2);
  ctx.fill();
  // torso
  ctx.fillStyle = linear(ctx, x - bw / 2, 0, x + bw / 2, 0, [
    [0, shade(s.shirt, -18)],
    [0.5, s.shirt],
    [1, shade(s.shirt, -28)],
  ]);
  roundRect(ctx, x - bw / 2, neckY, bw, hipY - neckY + h * 0.02, h * 0.045);
  ctx.fill();
  if (s.vest) {
    ctx.fillStyle = s.vest;
    roundRect(ctx, x - bw * 0.46, neckY + h * 0.03, bw * 0.92, hipY - neckY - h * 0.02, h * 0.03);
    ctx.fill();
    ctx.fillStyle = 'rgba(255,255,255,0.8)';
    ctx.fillRect(x - bw * 0.46, neckY + h * 0.16, bw * 0.92, h * 0.015);
  }
  // arms
  const sh = neckY + h * 0.04;
  const armW = h * 0.055;
  ctx.lineCap = 'round';
  ctx.lineWidth = armW;
  ctx.strokeStyle = shade(s.shirt, -10);
  const hands: [number, number][] = [];
  const arm = (sx: number, ex: number, ey: number) => {
    ctx.beginPath();
    ctx.moveTo(sx, sh);
    ctx.lineTo(ex, ey);
    ctx.stroke();
    hands.push([ex, ey]);
  };
  const L = x - bw / 2 + armW * 0.3;
  const R = x + bw / 2 - armW * 0.3;
  switch (s.arms ?? 'down') {
    case 'up':
      arm(L, L - h * 0.1, sh - h * 0.28);
      arm(R, R + h * 0.1, sh - h * 0.28);
      break;
    case 'forward':
      arm(L, L + h * 0.05, sh + h * 0.22);
      arm(R, R - h * 0.05, sh + h * 0.22);
      break;
    case 'raise':
      arm(L, L - h * 0.02, sh + h * 0.3);
      arm(R, R + h * 0.04, sh - h * 0.2);
      break;
    case 'point':
      arm(L, L - h * 0.02, sh + h * 0.3);
      arm(R, R + h * 0.3, sh - h * 0.04);
      break;
    default:
      arm(L, L - h * 0.03, sh + h * 0.3);
      arm(R, R + h * 0.03, sh + h * 0.3);
  }
  ctx.fillStyle = skin;
  for (const [hx, hy] of hands) {
    ctx.beginPath();
    ctx.arc(hx, hy, armW * 0.55, 0, Math.PI * 2);
    ctx.fill();
  }
  // neck + head
  ctx.fillRect(x - headR * 0.35, neckY - headR * 0.3, headR * 0.7, headR * 0.5);
  ctx.beginPath();
  ctx.arc(x, headY, headR, 0, Math.PI * 2);
  ctx.fillStyle = s.back ? hair : skin;
  ctx.fill();
  if (!s.back) {
    ctx.fillStyle = hair;
    ctx.beginPath();
    ctx.arc(x, headY - headR * 0.15, headR * 1.02, Math.PI * 1.02, Math.PI * 1.98);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = '#2a2320';
    ctx.beginPath();
    ctx.arc(x - headR * 0.35, headY + headR * 0.1, headR * 0.09, 0, Math.PI * 2);
    ctx.arc(x + headR * 0.35, headY + headR * 0.1, headR * 0.09, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = 'rgba(120,60,50,0.8)';
    ctx.lineWidth = Math.max(1, headR * 0.08);
    ctx.beginPath();
    ctx.arc(x, headY + headR * 0.3, headR * 0.3, 0.2 * Math.PI, 0.8 * Math.PI);
    ctx.stroke();
  }
  // headwear
  if (s.hat === 'helmet' || s.hat === 'cap') {
    ctx.fillStyle = s.hatColor ?? '#f2c230';
    ctx.beginPath();
    ctx.arc(x, headY - headR * 0.1, headR * 1.08, Math.PI, 0);
    ctx.closePath();
    ctx.fill();
    ctx.fillRect(x - headR * 1.25, headY - headR * 0.16, headR * 2.5, headR * 0.2);
  } else if (s.hat === 'grad') {
    ctx.fillStyle = '#111';
    ctx.beginPath();
    ctx.moveTo(x - headR * 1.5, headY - headR * 0.8);
    ctx.lineTo(x, headY - headR * 1.3);
    ctx.lineTo(x + headR * 1.5, headY - headR * 0.8);
    ctx.lineTo(x, headY - headR * 0.35);
    ctx.closePath();
    ctx.fill();
    ctx.strokeStyle = '#d9a520';
    ctx.lineWidth = Math.max(1, headR * 0.1);
    ctx.beginPath();
    ctx.moveTo(x, headY - headR * 0.85);
    ctx.lineTo(x + headR * 1.2, headY - headR * 0.5);
    ctx.lineTo(x + headR * 1.2, headY + headR * 0.2);
    ctx.stroke();
  }
}

/** Lighten (+) or darken (-) a #rrggbb colour. */
function shade(hex: string, pct: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const f = (v: number) => Math.max(0, Math.min(255, Math.round(v + (pct / 100) * (pct > 0 ? 255 - v : v))));
  const r = f((n >> 16) & 255);
  const g = f((n >> 8) & 255);
  const b = f(n & 255);
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
}

function box3d(ctx: Ctx, x: number, y: number, w: number, h: number, d: number, color: string) {
  ctx.fillStyle = shade(color, 25);
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x + d, y - d * 0.6);
  ctx.lineTo(x + w + d, y - d * 0.6);
  ctx.lineTo(x + w, y);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = shade(color, -30);
  ctx.beginPath();
  ctx.moveTo(x + w, y);
  ctx.lineTo(x + w + d, y - d * 0.6);
  ctx.lineTo(x + w + d, y + h - d * 0.6);
  ctx.lineTo(x + w, y + h);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = linear(ctx, x, y, x, y + h, [
    [0, shade(color, 8)],
    [1, shade(color, -12)],
  ]);
  ctx.fillRect(x, y, w, h);
}

/** A CNC machining centre: housing, glass door, control panel, safety stripe. */
function cnc(ctx: Ctx, x: number, y: number, s: number) {
  box3d(ctx, x, y, 300 * s, 240 * s, 50 * s, '#d7dbe0');
  ctx.fillStyle = linear(ctx, x, y, x + 160 * s, y + 150 * s, [
    [0, '#3f5e78'],
    [0.5, '#6f93ad'],
    [1, '#2e4a60'],
  ]);
  roundRect(ctx, x + 20 * s, y + 25 * s, 170 * s, 140 * s, 6 * s);
  ctx.fill();
  ctx.strokeStyle = 'rgba(255,255,255,0.35)';
  ctx.lineWidth = 6 * s;
  ctx.beginPath();
  ctx.moveTo(x + 40 * s, y + 150 * s);
  ctx.lineTo(x + 110 * s, y + 40 * s);
  ctx.stroke();
  ctx.fillStyle = '#2c3338';
  ctx.fillRect(x + 205 * s, y + 25 * s, 80 * s, 140 * s);
  ctx.fillStyle = '#59d0e8';
  ctx.fillRect(x + 213 * s, y + 33 * s, 64 * s, 44 * s);
  const colors = ['#e04a3a', '#35b34a', '#f0c419'];
  for (let i = 0; i < 6; i++) {
    ctx.fillStyle = colors[i % 3] ?? '#fff';
    ctx.beginPath();
    ctx.arc(x + (224 + (i % 3) * 21) * s, y + (100 + Math.floor(i / 3) * 24) * s, 7 * s, 0, Math.PI * 2);
    ctx.fill();
  }
  for (let i = 0; i < 12; i++) {
    ctx.fillStyle = i % 2 ? '#222' : '#f0c419';
    ctx.fillRect(x + i * 25 * s, y + 222 * s, 25 * s, 18 * s);
  }
}

/** An orange six-axis industrial robot on a pedestal. */
function robot(ctx: Ctx, x: number, y: number, s: number) {
  ctx.fillStyle = '#555b61';
  ctx.fillRect(x - 60 * s, y - 30 * s, 120 * s, 30 * s);
  ctx.fillStyle = '#ef7d1a';
  ctx.beginPath();
  ctx.ellipse(x, y - 40 * s, 55 * s, 20 * s, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.lineCap = 'round';
  const seg = (x0: number, y0: number, x1: number, y1: number, w: number) => {
    ctx.strokeStyle = '#ef7d1a';
    ctx.lineWidth = w * s;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    ctx.fillStyle = '#3b3f44';
    ctx.beginPath();
    ctx.arc(x1, y1, w * 0.45 * s, 0, Math.PI * 2);
    ctx.fill();
  };
  seg(x, y - 45 * s, x + 10 * s, y - 200 * s, 60);
  seg(x + 10 * s, y - 200 * s, x + 170 * s, y - 260 * s, 44);
  seg(x + 170 * s, y - 260 * s, x + 220 * s, y - 170 * s, 30);
  ctx.fillStyle = '#8a9096';
  ctx.fillRect(x + 205 * s, y - 170 * s, 30 * s, 40 * s);
}

function windowPane(ctx: Ctx, x: number, y: number, w: number, h: number) {
  ctx.fillStyle = '#e9edf0';
  ctx.fillRect(x - 8, y - 8, w + 16, h + 16);
  ctx.fillStyle = linear(ctx, x, y, x, y + h, [
    [0, '#9fd3f2'],
    [1, '#dff1fb'],
  ]);
  ctx.fillRect(x, y, w, h);
  ctx.fillStyle = '#e9edf0';
  ctx.fillRect(x + w / 2 - 4, y, 8, h);
  ctx.fillRect(x, y + h / 2 - 4, w, 8);
  ctx.fillStyle = 'rgba(255,255,255,0.35)';
  ctx.beginPath();
  ctx.moveTo(x + 10, y + h - 10);
  ctx.lineTo(x + w * 0.35, y + 10);
  ctx.lineTo(x + w * 0.45, y + 10);
  ctx.lineTo(x + 20, y + h - 10);
  ctx.closePath();
  ctx.fill();
}

function banner(ctx: Ctx, x: number, y: number, w: number, h: number, color: string, words: string, ink = '#ffe58a') {
  ctx.fillStyle = linear(ctx, 0, y, 0, y + h, [
    [0, shade(color, 10)],
    [1, shade(color, -15)],
  ]);
  ctx.fillRect(x, y, w, h);
  text(ctx, words, x + w / 2, y + h / 2, Math.round(h * 0.5), ink);
}

function tree(ctx: Ctx, x: number, y: number, s: number, color = '#3f8a4a', fruit?: string, rand?: () => number) {
  ctx.fillStyle = '#6b4a2e';
  ctx.fillRect(x - 8 * s, y - 70 * s, 16 * s, 70 * s);
  const blobs: [number, number, number][] = [
    [0, -110, 60],
    [-40, -90, 45],
    [40, -90, 45],
    [0, -150, 45],
  ];
  for (const [dx, dy, r] of blobs) {
    ctx.fillStyle = linear(ctx, x, y + (dy - r) * s, x, y + (dy + r) * s, [
      [0, shade(color, 15)],
      [1, shade(color, -15)],
    ]);
    ctx.beginPath();
    ctx.arc(x + dx * s, y + dy * s, r * s, 0, Math.PI * 2);
    ctx.fill();
  }
  if (fruit && rand) {
    ctx.fillStyle = fruit;
    for (let i = 0; i < 14; i++) {
      ctx.beginPath();
      ctx.arc(x + (rand() - 0.5) * 130 * s, y - (70 + rand() * 110) * s, 7 * s, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}

function desk(ctx: Ctx, x: number, y: number, w: number, h: number, top = '#c89b6d') {
  ctx.fillStyle = '#5d646b';
  ctx.fillRect(x + 8, y, 10, h);
  ctx.fillRect(x + w - 18, y, 10, h);
  ctx.fillStyle = top;
  ctx.fillRect(x, y - 14, w, 16);
  ctx.fillStyle = shade(top, -25);
  ctx.fillRect(x, y + 2, w, 6);
}

/** Large translucent diagonal 「示例图片」 pattern plus a solid badge in the corner. */
function watermark(ctx: Ctx) {
  ctx.save();
  ctx.translate(W / 2, H / 2);
  ctx.rotate(-Math.PI / 9);
  ctx.font = `64px ${FONT}`;
  ctx.fillStyle = 'rgba(255,255,255,0.22)';
  ctx.strokeStyle = 'rgba(0,0,0,0.10)';
  ctx.lineWidth = 2;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let row = -4; row <= 4; row++) {
    for (let col = -3; col <= 3; col++) {
      const px = col * 460 + (row % 2) * 230;
      const py = row * 200;
      ctx.fillText('示例图片', px, py);
      ctx.strokeText('示例图片', px, py);
    }
  }
  ctx.restore();
  ctx.fillStyle = 'rgba(20,20,20,0.62)';
  roundRect(ctx, W - 330, H - 110, 300, 80, 14);
  ctx.fill();
  text(ctx, '示例图片', W - 180, H - 70, 44, '#ffffff');
}

// ---------------------------------------------------------------------------------------------
// Scenes

function sceneWorkshop(ctx: Ctx) {
  const r = rng(1);
  room(ctx, 560, ['#c9d3da', '#e5eaee'], ['#7d8c96', '#4d5a63']);
  for (let i = 0; i < 4; i++) windowPane(ctx, 80 + i * 390, 70, 300, 170);
  banner(ctx, 380, 290, 840, 80, '#1f5fa8', '智能制造实训中心', '#ffffff');
  ctx.fillStyle = '#f0c419';
  ctx.fillRect(0, 600, W, 12);
  cnc(ctx, 60, 420, 1.0);
  cnc(ctx, 1160, 430, 0.95);
  robot(ctx, 760, 700, 1.2);
  const uniform = '#2c6fb8';
  person(ctx, 520, 960, 400, { shirt: uniform, hat: 'helmet', arms: 'forward', skin: SKINS[1] });
  person(ctx, 650, 990, 420, { shirt: uniform, hat: 'helmet', arms: 'down', skin: SKINS[0], hair: HAIRS[2] });
  person(ctx, 1060, 1000, 440, { shirt: '#3b4a5a', hat: 'helmet', hatColor: '#e8e8e8', arms: 'point' });
  person(ctx, 1240, 1060, 470, { shirt: uniform, hat: 'helmet', arms: 'down', skin: SKINS[3] });
  person(ctx, 260, 1080, 480, { shirt: uniform, hat: 'helmet', arms: 'forward', skin: SKINS[2] });
  for (let i = 0; i < 10; i++) {
    ctx.fillStyle = `rgba(255,255,255,${0.04 + r() * 0.05})`;
    ctx.fillRect(r() * W, 0, 40 + r() * 80, H);
  }
}

function sceneClassroom(ctx: Ctx) {
  room(ctx, 640, ['#efe7d8', '#f7f2e8'], ['#b08a62', '#7a5a3c'], false);
  windowPane(ctx, 40, 110, 220, 300);
  windowPane(ctx, 1340, 110, 220, 300);
  ctx.fillStyle = '#6b4a2e';
  ctx.fillRect(370, 90, 860, 420);
  ctx.fillStyle = linear(ctx, 380, 100, 380, 500, [
    [0, '#2f5a46'],
    [1, '#24493a'],
  ]);
  ctx.fillRect(385, 105, 830, 390);
  text(ctx, '新时代思想政治理论课', 800, 180, 56, '#f5f5f0');
  ctx.strokeStyle = 'rgba(245,245,240,0.8)';
  ctx.lineWidth = 4;
  for (let i = 0; i < 4; i++) {
    ctx.beginPath();
    ctx.moveTo(450, 270 + i * 55);
    ctx.lineTo(450 + 560 - i * 90, 270 + i * 55);
    ctx.stroke();
  }
  banner(ctx, 560, 20, 480, 56, '#b3261e', '立德树人  铸魂育人');
  person(ctx, 1260, 760, 420, { shirt: '#4a4f7a', arms: 'point', skin: SKINS[0] });
  // rows of students seen from behind, nearer rows larger
  const rows: [number, number][] = [
    [720, 0.5],
    [840, 0.68],
    [980, 0.86],
    [1150, 1.05],
  ];
  const shirts = ['#d8dde3', '#5f86b8', '#e0b84f', '#8cb07a', '#c46b5a', '#f0f0f0'];
  let k = 0;
  for (const [y, s] of rows) {
    // seated students: only what shows above the desk in front of them
    const deskTop = y + 96 * s;
    const n = Math.round(7 / s);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, W, deskTop);
    ctx.clip();
    for (let i = 0; i < n; i++) {
      const x = ((i + 0.5) * W) / n + (s > 0.8 ? 30 : 0);
      const h = 380 * s;
      person(ctx, x, deskTop + h * 0.42, h, { shirt: shirts[k++ % shirts.length] ?? '#fff', back: true });
    }
    ctx.restore();
    desk(ctx, 0, y + 110 * s, W, 60 * s);
    ctx.fillStyle = 'rgba(80,50,30,0.9)';
    ctx.fillRect(0, y + 118 * s, W, 40 * s);
  }
}

function sceneGraduation(ctx: Ctx) {
  const r = rng(3);
  outdoors(ctx, 620, ['#6fb3e8', '#cde8f7'], ['#7fb069', '#4e7f43'], r);
  // campus building
  ctx.fillStyle = '#e9e2d4';
  ctx.fillRect(300, 230, 1000, 390);
  ctx.fillStyle = '#b8342c';
  ctx.fillRect(300, 210, 1000, 30);
  for (let i = 0; i < 9; i++)
    for (let j = 0; j < 3; j++) {
      ctx.fillStyle = '#7ea8c9';
      ctx.fillRect(340 + i * 105, 280 + j * 100, 60, 60);
    }
  banner(ctx, 380, 520, 840, 70, '#c0392b', '2024届毕业典礼');
  const gown = '#1c2a4a';
  for (let row = 0; row < 3; row++) {
    const y = 900 + row * 130;
    const s = 0.7 + row * 0.18;
    const n = 8 - row;
    for (let i = 0; i < n; i++) {
      const x = ((i + 0.5) * W) / n + (r() - 0.5) * 40;
      person(ctx, x, y, 380 * s, {
        shirt: gown,
        pants: gown,
        hat: 'grad',
        skin: SKINS[Math.floor(r() * SKINS.length)] ?? SKINS[0],
        hair: HAIRS[Math.floor(r() * HAIRS.length)] ?? HAIRS[0],
        arms: r() < 0.35 ? 'up' : 'down',
      });
    }
  }
  // caps in the air
  for (let i = 0; i < 9; i++) {
    const x = 150 + r() * 1300;
    const y = 80 + r() * 160;
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate((r() - 0.5) * 0.8);
    ctx.fillStyle = '#111';
    ctx.beginPath();
    ctx.moveTo(-40, 0);
    ctx.lineTo(0, -18);
    ctx.lineTo(40, 0);
    ctx.lineTo(0, 18);
    ctx.closePath();
    ctx.fill();
    ctx.restore();
  }
}

function sceneLab(ctx: Ctx) {
  room(ctx, 600, ['#e3ecf2', '#f3f7fa'], ['#c3ccd3', '#97a3ad']);
  banner(ctx, 420, 60, 760, 76, '#0f6d6a', '工业互联网与电子技术实验室', '#ffffff');
  for (let i = 0; i < 3; i++) windowPane(ctx, 120 + i * 500, 180, 320, 200);
  // lab benches with instruments
  const bench = (y: number, s: number) => {
    ctx.fillStyle = '#e6e9ec';
    ctx.fillRect(0, y, W, 26 * s);
    ctx.fillStyle = '#9aa4ad';
    ctx.fillRect(0, y + 26 * s, W, 110 * s);
    for (let i = 0; i < 5; i++) {
      const x = 60 + i * 320;
      box3d(ctx, x, y - 90 * s, 150 * s, 90 * s, 20 * s, '#3d4a57');
      ctx.fillStyle = '#0b2a1e';
      ctx.fillRect(x + 12 * s, y - 80 * s, 90 * s, 60 * s);
      ctx.strokeStyle = '#50f08c';
      ctx.lineWidth = 3;
      ctx.beginPath();
      for (let t = 0; t <= 90; t += 3) {
        const yy = y - 50 * s + Math.sin(t / 7 + i) * 18 * s;
        if (t === 0) ctx.moveTo(x + (12 + t) * s, yy);
        else ctx.lineTo(x + (12 + t) * s, yy);
      }
      ctx.stroke();
      ctx.fillStyle = '#1f7a4d';
      ctx.fillRect(x + 180 * s, y - 24 * s, 100 * s, 18 * s);
    }
  };
  bench(760, 0.8);
  person(ctx, 300, 980, 420, { shirt: '#f4f6f8', arms: 'forward', skin: SKINS[0] });
  person(ctx, 560, 1000, 430, { shirt: '#f4f6f8', arms: 'forward', skin: SKINS[3], hair: HAIRS[1] });
  person(ctx, 980, 1010, 450, { shirt: '#f4f6f8', arms: 'point', skin: SKINS[1], pants: '#444' });
  person(ctx, 1250, 1000, 430, { shirt: '#f4f6f8', arms: 'forward', skin: SKINS[2], skirt: true });
  bench(1080, 1.1);
}

function sceneFarm(ctx: Ctx) {
  const r = rng(5);
  outdoors(ctx, 520, ['#7cc0ea', '#dff1fb'], ['#8cbf5a', '#5a8f3a'], r);
  // terraced field rows
  for (let k = 0; k < 9; k++) {
    const y = 540 + k * 70;
    ctx.fillStyle = k % 2 ? '#77aa4a' : '#6a9c40';
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.bezierCurveTo(W * 0.3, y - 30, W * 0.7, y + 30, W, y - 10);
    ctx.lineTo(W, y + 70);
    ctx.bezierCurveTo(W * 0.7, y + 100, W * 0.3, y + 40, 0, y + 70);
    ctx.closePath();
    ctx.fill();
  }
  for (let i = 0; i < 7; i++) tree(ctx, 90 + i * 240, 640 + (i % 2) * 30, 0.9, '#2f7a3c', '#f08a1c', r);
  tree(ctx, 160, 1060, 1.6, '#2f7a3c', '#f08a1c', r);
  tree(ctx, 1480, 1080, 1.7, '#2f7a3c', '#f08a1c', r);
  banner(ctx, 470, 380, 660, 70, '#c0392b', '科技助农  服务乡村振兴');
  person(ctx, 620, 1040, 440, { shirt: '#2c6fb8', arms: 'point', hat: 'cap', hatColor: '#ffffff' });
  person(ctx, 860, 1060, 430, { shirt: '#8a6a4a', arms: 'forward', skin: SKINS[4], pants: '#3d3b36' });
  person(ctx, 1050, 1050, 410, { shirt: '#d35b3a', arms: 'down', skin: SKINS[2], skirt: true, pants: '#3d3b36' });
  person(ctx, 420, 1080, 450, { shirt: '#f0f0f0', vest: '#c0392b', arms: 'forward', skin: SKINS[0] });
  // basket of oranges
  ctx.fillStyle = '#a8743c';
  ctx.beginPath();
  ctx.moveTo(1180, 1040);
  ctx.lineTo(1320, 1040);
  ctx.lineTo(1300, 1120);
  ctx.lineTo(1200, 1120);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = '#f08a1c';
  for (let i = 0; i < 9; i++) {
    ctx.beginPath();
    ctx.arc(1200 + (i % 5) * 25, 1035 - Math.floor(i / 5) * 18, 15, 0, Math.PI * 2);
    ctx.fill();
  }
}

function sceneInternational(ctx: Ctx) {
  const r = rng(6);
  room(ctx, 620, ['#f4efe6', '#fbf8f2'], ['#c7a57f', '#9c7a55'], false);
  // bunting in many colours (no real flags)
  const colors = ['#e74c3c', '#f1c40f', '#2ecc71', '#3498db', '#9b59b6', '#e67e22'];
  for (let i = 0; i < 24; i++) {
    const x = 20 + i * 66;
    ctx.fillStyle = colors[i % colors.length] ?? '#fff';
    ctx.beginPath();
    ctx.moveTo(x, 40 + Math.sin(i / 3) * 8);
    ctx.lineTo(x + 60, 40 + Math.sin((i + 1) / 3) * 8);
    ctx.lineTo(x + 30, 110);
    ctx.closePath();
    ctx.fill();
  }
  banner(ctx, 330, 160, 940, 90, '#1f5fa8', '国际学生中华文化与技能体验日', '#ffffff');
  // globe
  ctx.fillStyle = linear(ctx, 1250, 300, 1450, 500, [
    [0, '#7cc3f0'],
    [1, '#2a78b8'],
  ]);
  ctx.beginPath();
  ctx.arc(1350, 400, 110, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#5fae5b';
  for (let i = 0; i < 6; i++) {
    ctx.beginPath();
    ctx.ellipse(1300 + r() * 100, 350 + r() * 100, 30 + r() * 20, 18 + r() * 12, r(), 0, Math.PI * 2);
    ctx.fill();
  }

  const people: [number, number, number][] = [
    [360, 860, 0],
    [560, 870, 1],
    [760, 860, 2],
    [960, 870, 3],
    [1160, 860, 4],
  ];
  const shirts = ['#f5f5f5', '#3b7dd8', '#e8a33d', '#6aa84f', '#c0504d'];
  for (const [x, y, k] of people) {
    person(ctx, x, y, 380, {
      shirt: shirts[k] ?? '#fff',
      skin: SKINS_WORLD[k] ?? SKINS[0],
      hair: HAIRS[k % HAIRS.length] ?? HAIRS[0],
      arms: 'forward',
      skirt: k === 2,
    });
  }
  // long table with a red cloth in front of them, paper-cut 福 on it
  ctx.fillStyle = linear(ctx, 0, 740, 0, 940, [
    [0, '#b23227'],
    [1, '#7d1e16'],
  ]);
  ctx.fillRect(240, 760, 1120, 180);
  ctx.fillStyle = '#d9c08a';
  ctx.fillRect(240, 748, 1120, 16);
  ctx.fillStyle = '#c0392b';
  for (let i = 0; i < 6; i++) {
    ctx.save();
    ctx.translate(360 + i * 170, 855);
    ctx.rotate(Math.PI / 4);
    ctx.fillRect(-28, -28, 56, 56);
    ctx.restore();
    text(ctx, '福', 360 + i * 170, 855, 40, '#ffd54f');
    ctx.fillStyle = '#c0392b';
  }
  person(ctx, 160, 1120, 520, { shirt: '#2d3e50', arms: 'point', skin: SKINS[0] });
  person(ctx, 1420, 1140, 540, { shirt: '#f5f5f5', skin: SKINS_WORLD[2], arms: 'raise' });
}

function sceneParty(ctx: Ctx) {
  room(ctx, 640, ['#f4e3d3', '#fbefe4'], ['#9c3b2f', '#6d2219'], false);
  // stage backdrop in red with golden rays (no emblem drawn)
  ctx.fillStyle = linear(ctx, 0, 60, 0, 600, [
    [0, '#d42a20'],
    [1, '#a5170f'],
  ]);
  ctx.fillRect(200, 60, 1200, 540);
  ctx.save();
  ctx.beginPath();
  ctx.rect(200, 60, 1200, 540);
  ctx.clip();
  ctx.fillStyle = 'rgba(255,215,0,0.14)';
  for (let i = 0; i < 18; i++) {
    const a = (i / 18) * Math.PI;
    ctx.beginPath();
    ctx.moveTo(800, 620);
    ctx.lineTo(800 + Math.cos(a) * 1200, 620 - Math.sin(a) * 1200);
    ctx.lineTo(800 + Math.cos(a + 0.08) * 1200, 620 - Math.sin(a + 0.08) * 1200);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
  text(ctx, '学习贯彻党的二十届三中全会精神', 800, 200, 64, '#ffe58a');
  text(ctx, '主题党日活动', 800, 300, 56, '#ffe58a');
  // red flags on poles at the sides
  for (const x of [120, 1480]) {
    ctx.fillStyle = '#c9b27a';
    ctx.fillRect(x, 140, 10, 560);
    ctx.fillStyle = '#d42a20';
    ctx.beginPath();
    ctx.moveTo(x + 10, 150);
    ctx.quadraticCurveTo(x + 70, 190, x + 140 * (x < 800 ? 1 : -1) + 10, 160);
    ctx.lineTo(x + 140 * (x < 800 ? 1 : -1) + 10, 290);
    ctx.quadraticCurveTo(x + 70, 320, x + 10, 280);
    ctx.closePath();
    ctx.fill();
  }
  // people taking the oath, seen from behind, in rows
  const r = rng(7);
  for (let row = 0; row < 3; row++) {
    const s = 0.75 + row * 0.2;
    const y = 860 + row * 130;
    const n = 9 - row * 2;
    for (let i = 0; i < n; i++) {
      const x = ((i + 0.5) * W) / n;
      person(ctx, x, y, 380 * s, {
        shirt: r() < 0.5 ? '#f4f4f4' : '#2d3a4e',
        pants: '#2a2a30',
        back: true,
        arms: 'raise',
      });
    }
  }
}

function sceneSports(ctx: Ctx) {
  const r = rng(8);
  outdoors(ctx, 460, ['#5aa9e6', '#d4ecfa'], ['#3f9a4c', '#2f7a3c'], r);
  // stands with crowd
  ctx.fillStyle = '#b9c2c9';
  ctx.fillRect(0, 330, W, 140);
  for (let i = 0; i < 160; i++) {
    ctx.fillStyle = ['#e74c3c', '#3498db', '#f1c40f', '#ecf0f1', '#2ecc71'][i % 5] ?? '#fff';
    ctx.beginPath();
    ctx.arc((i % 80) * 20 + 10, 360 + Math.floor(i / 80) * 50 + r() * 6, 8, 0, Math.PI * 2);
    ctx.fill();
  }
  banner(ctx, 420, 250, 760, 70, '#c0392b', '第十届田径运动会暨体育文化节');
  // running track lanes
  ctx.fillStyle = '#c4553a';
  ctx.beginPath();
  ctx.moveTo(0, 640);
  ctx.lineTo(W, 600);
  ctx.lineTo(W, 1040);
  ctx.lineTo(0, 1120);
  ctx.closePath();
  ctx.fill();
  ctx.strokeStyle = '#f5f5f5';
  ctx.lineWidth = 5;
  for (let k = 0; k <= 6; k++) {
    ctx.beginPath();
    ctx.moveTo(0, 640 + k * 80);
    ctx.lineTo(W, 600 + k * 73);
    ctx.stroke();
  }
  const runners: [number, number, string][] = [
    [380, 760, '#f1c40f'],
    [620, 830, '#3498db'],
    [880, 910, '#e74c3c'],
    [1130, 990, '#2ecc71'],
  ];
  for (const [x, y, c] of runners)
    person(ctx, x, y, 360 + (y - 760) * 0.5, { shirt: c, pants: '#1f1f1f', arms: 'raise' });
  // finishing tape
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 6;
  ctx.beginPath();
  ctx.moveTo(1380, 560);
  ctx.lineTo(1380, 1060);
  ctx.stroke();
}

function sceneCompetition(ctx: Ctx) {
  room(ctx, 600, ['#1e2a3a', '#33465c'], ['#5d6b77', '#39444d']);
  banner(ctx, 200, 50, 1200, 110, '#0e4d92', '2024年学校职业技能大赛', '#ffffff');
  // scoreboard
  ctx.fillStyle = '#0b1622';
  ctx.fillRect(1160, 200, 360, 220);
  ctx.fillStyle = '#f1c40f';
  text(ctx, '工位  01  02  03', 1340, 250, 34, '#f1c40f');
  text(ctx, '进度  92  88  95', 1340, 320, 34, '#6ee7a8');
  text(ctx, '剩余  00:45:10', 1340, 385, 34, '#ffffff');
  // stations
  for (let i = 0; i < 3; i++) {
    const x = 80 + i * 360;
    box3d(ctx, x, 460, 300, 180, 40, '#d7dbe0');
    ctx.fillStyle = '#59d0e8';
    ctx.fillRect(x + 30, 490, 140, 90);
    text(ctx, `0${i + 1}`, x + 240, 530, 60, '#0e4d92');
  }
  person(ctx, 240, 960, 420, { shirt: '#ef7d1a', hat: 'cap', hatColor: '#ef7d1a', arms: 'forward' });
  person(ctx, 600, 960, 420, { shirt: '#ef7d1a', hat: 'cap', hatColor: '#ef7d1a', arms: 'forward', skin: SKINS[2] });
  person(ctx, 960, 960, 420, { shirt: '#ef7d1a', hat: 'cap', hatColor: '#ef7d1a', arms: 'forward', skin: SKINS[3] });
  person(ctx, 1300, 1100, 500, { shirt: '#20262e', arms: 'forward', skin: SKINS[0], pants: '#20262e' });
  ctx.fillStyle = '#f4f4f4';
  ctx.fillRect(1255, 800, 90, 110);
  text(ctx, '裁判', 1300, 780, 30, '#ffffff');
}

function sceneCommunity(ctx: Ctx) {
  const r = rng(10);
  outdoors(ctx, 540, ['#86c5ef', '#e4f3fc'], ['#a8c97f', '#7ea65a'], r);
  // community centre
  ctx.fillStyle = '#efe3cf';
  ctx.fillRect(250, 260, 760, 300);
  ctx.fillStyle = '#8c5a3c';
  ctx.beginPath();
  ctx.moveTo(220, 270);
  ctx.lineTo(630, 160);
  ctx.lineTo(1040, 270);
  ctx.closePath();
  ctx.fill();
  for (let i = 0; i < 5; i++) {
    ctx.fillStyle = '#8fb9d6';
    ctx.fillRect(290 + i * 145, 330, 80, 90);
  }
  banner(ctx, 330, 450, 600, 60, '#c0392b', '社区老年教育志愿服务');
  tree(ctx, 1200, 600, 1.3, '#3f8a4a');
  tree(ctx, 1450, 620, 1.1, '#3f8a4a');
  // benches and paving
  ctx.fillStyle = '#d8d2c4';
  ctx.fillRect(0, 760, W, 440);
  desk(ctx, 200, 1000, 500, 90, '#a0704a');
  person(ctx, 330, 1000, 360, { shirt: '#6d6a75', hair: '#d8d8d8', pants: '#3a3a3a', arms: 'forward', skin: SKINS[1] });
  person(ctx, 520, 1000, 350, { shirt: '#a2574c', hair: '#cfcfcf', skirt: true, pants: '#444', arms: 'forward' });
  person(ctx, 430, 1060, 420, { shirt: '#f4f4f4', vest: '#d32f2f', arms: 'point', skin: SKINS[0] });
  person(ctx, 900, 1040, 420, { shirt: '#f4f4f4', vest: '#d32f2f', arms: 'forward', skin: SKINS[3] });
  person(ctx, 1060, 1030, 370, { shirt: '#5b7a99', hair: '#e0e0e0', pants: '#333', arms: 'down' });
  // tablet the volunteer shows
  ctx.fillStyle = '#222';
  ctx.fillRect(930, 820, 70, 90);
  ctx.fillStyle = '#7fd0f0';
  ctx.fillRect(936, 826, 58, 78);
}

const SCENES: { file: string; draw: (ctx: Ctx) => void }[] = [
  { file: 'workshop.jpg', draw: sceneWorkshop },
  { file: 'classroom.jpg', draw: sceneClassroom },
  { file: 'graduation.jpg', draw: sceneGraduation },
  { file: 'lab.jpg', draw: sceneLab },
  { file: 'farm.jpg', draw: sceneFarm },
  { file: 'international.jpg', draw: sceneInternational },
  { file: 'party.jpg', draw: sceneParty },
  { file: 'sports.jpg', draw: sceneSports },
  { file: 'competition.jpg', draw: sceneCompetition },
  { file: 'community.jpg', draw: sceneCommunity },
];

function registerFont(): void {
  for (const p of FONT_PATHS) {
    if (GlobalFonts.registerFromPath(p, FONT)) return;
  }
  throw new Error('找不到中文字体（文泉驿微米黑或思源黑体），无法绘制示例图片');
}

export async function makeImages(outDir: string): Promise<string[]> {
  registerFont();
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const scene of SCENES) {
    const canvas = createCanvas(W, H);
    const ctx = canvas.getContext('2d');
    scene.draw(ctx);
    watermark(ctx);
    const jpeg = await canvas.encode('jpeg', JPEG_QUALITY);
    const path = join(outDir, scene.file);
    writeFileSync(path, jpeg);
    written.push(`${scene.file} ${(jpeg.length / 1024).toFixed(0)} KB`);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'images');
  for (const line of await makeImages(dir)) console.log(line);
}
