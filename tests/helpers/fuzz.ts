/**
 * A small fixed-seed fuzzer for the importer fuzz suite (tests/fuzz/*.test.ts): a PRNG, byte mutators
 * (truncation, flips, inserts, deletes, duplicated ranges, BOM) and JSON mutators (huge numbers, deep nesting,
 * wrong types, long strings, dropped keys, __proto__), plus the invariants every importer must keep: a typed
 * Chinese one-line error or success, bounded time and memory per case. No dependency: the point is
 * reproducibility (the seed and case number are in every failure) rather than coverage guidance.
 *
 * Case counts: QAR_FUZZ_CASES (default per suite, sized for CI) scales every suite; QAR_FUZZ_SEED changes the seed.
 */
import { expect } from 'vitest';
import { isQarError } from '../../core/errors';

export const FUZZ_SEED = Number(process.env.QAR_FUZZ_SEED ?? 20261130);

/** A test's time limit for `cases` cases (long local runs need more than vitest's 60 s default). */
export function fuzzTimeout(cases: number, msPerCase = 250): number {
  return Math.max(120_000, cases * msPerCase);
}

/** How many cases a suite runs: its CI default, or QAR_FUZZ_CASES for longer local runs. */
export function fuzzCases(ciDefault: number): number {
  const n = Number(process.env.QAR_FUZZ_CASES);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : ciDefault;
}

/** mulberry32: tiny, fast, good enough to pick mutations reproducibly. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export type ByteMutation = (r: Rng, b: Buffer) => Buffer;

export const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  truncate: (r, b) => b.subarray(0, r.int(b.length)),
  flip: (r, b) => {
    const c = Buffer.from(b);
    for (let i = 0, n = 1 + r.int(8); i < n && c.length; i++) c[r.int(c.length)] = r.int(256);
    return c;
  },
  flipHead: (r, b) => {
    const c = Buffer.from(b);
    for (let i = 0, n = 1 + r.int(4); i < n && c.length; i++) c[r.int(Math.min(c.length, 128))] = r.int(256);
    return c;
  },
  insert: (r, b) => {
    const at = r.int(b.length + 1);
    const junk = Buffer.from(Array.from({ length: 1 + r.int(64) }, () => r.int(256)));
    return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
  },
  remove: (r, b) => {
    const at = r.int(b.length);
    return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r.int(256)))]);
  },
  duplicate: (r, b) => {
    const at = r.int(b.length);
    const len = 1 + r.int(Math.min(4096, b.length - at));
    return Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
  },
  zeroRange: (r, b) => {
    const c = Buffer.from(b);
    const at = r.int(c.length);
    c.fill(r.chance(0.5) ? 0 : 0xff, at, Math.min(c.length, at + 1 + r.int(512)));
    return c;
  },
  bom: (_r, b) => Buffer.concat([BOM, b]),
  empty: () => Buffer.alloc(0),
};

export function mutateBytes(r: Rng, b: Buffer): { bytes: Buffer; how: string } {
  const names = Object.keys(BYTE_MUTATIONS);
  const hows: string[] = [];
  let out = b;
  for (let i = 0, n = 1 + (r.chance(0.3) ? r.int(3) : 0); i < n; i++) {
    const name = r.pick(names);
    hows.push(name);
    out = (BYTE_MUTATIONS[name] as ByteMutation)(r, out);
  }
  return { bytes: out, how: hows.join('+') };
}

// ------------------------------------------------------------------------------------------------ JSON

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in `v` (object keys and array indexes), breadth first, at most `max`. */
function paths(v: Json, max = 5000): (string | number)[][] {
  const out: (string | number)[][] = [];
  const queue: [Json, (string | number)[]][] = [[v, []]];
  while (queue.length && out.length < max) {
    const [x, p] = queue.shift() as [Json, (string | number)[]];
    out.push(p);
    if (Array.isArray(x)) for (let i = 0; i < x.length; i++) queue.push([x[i] as Json, [...p, i]]);
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) queue.push([y, [...p, k]]);
  }
  return out;
}

const deep = (n: number): Json => {
  let v: Json = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

const REPLACEMENTS: ((r: Rng) => Json | typeof DROP)[] = [
  () => 1e308,
  () => -1e308,
  () => 2 ** 53 + 1,
  () => -0,
  () => 0.1 + 0.2,
  () => '',
  () => '中'.repeat(20_000),
  () => 'x'.repeat(200_000),
  () => null,
  () => true,
  () => [],
  () => ({}),
  () => [1, '2', null],
  () => ({ a: { b: { c: 1 } } }),
  (r) => deep(50 + r.int(2000)),
  () => '2024',
  () => -1,
  () => 1.5,
  () => '<svg onload=alert(1)>',
  () => '../../etc/passwd',
  () => '\u0000\u202e\ud800',
  () => DROP,
];
const DROP = Symbol('drop');

/**
 * One structural change to a parsed JSON value, IN PLACE: a value replaced by another type/size, a key dropped, …
 * (no deep copy: a value nested thousands deep by an earlier round would overflow a recursive clone).
 */
export function mutateJsonValue(r: Rng, root: Json): { value: Json; how: string } {
  const clone = root;
  const all = paths(clone);
  const p = r.pick(all.length > 1 ? all.slice(1) : all);
  const rep = r.pick(REPLACEMENTS)(r);
  const how = `${p.join('.')}=${typeof rep === 'symbol' ? 'drop' : JSON.stringify(rep)?.slice(0, 40)}`;
  if (p.length === 0) return { value: typeof rep === 'symbol' ? null : rep, how };
  let parent = clone as Record<string | number, Json>;
  for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = p[p.length - 1] as string | number;
  if (typeof rep === 'symbol') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = rep;
  return { value: clone, how };
}

/** A mutated JSON text: structural changes, text-level damage, a BOM, or a duplicate/__proto__ key. */
export function mutateJsonText(r: Rng, text: string): { text: Buffer; how: string } {
  const kind = r.int(10);
  if (kind < 5) {
    let v = JSON.parse(text) as Json;
    const hows: string[] = [];
    for (let i = 0, n = 1 + r.int(3); i < n; i++) {
      const m = mutateJsonValue(r, v);
      v = m.value;
      hows.push(m.how);
    }
    const out = JSON.stringify(v, null, r.chance(0.5) ? 2 : undefined);
    return { text: Buffer.from(r.chance(0.2) ? `\uFEFF${out}` : out), how: `json:${hows.join(';')}` };
  }
  if (kind === 5) {
    const injected = text.replace(/^\{/, `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},`);
    return { text: Buffer.from(injected), how: 'json:__proto__' };
  }
  if (kind === 6) {
    const n = 1000 + r.int(100_000);
    return { text: Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`), how: `json:nesting-${n}` };
  }
  if (kind === 7) {
    const big = text.replace(/:\s*(\d+)/, ': 1e999999');
    return { text: Buffer.from(big), how: 'json:1e999999' };
  }
  const m = mutateBytes(r, Buffer.from(text));
  return { text: m.bytes, how: `bytes:${m.how}` };
}

// ------------------------------------------------------------------------------------------------ invariants

export interface CaseStats {
  cases: number;
  accepted: number;
  refused: Record<string, number>;
  maxMs: number;
  maxHeapMb: number;
  failures: string[];
}

export function newStats(): CaseStats {
  return { cases: 0, accepted: 0, refused: {}, maxMs: 0, maxHeapMb: 0, failures: [] };
}

/** A refusal as the contract promises it: QarError, one line, Chinese, no stack, no internal dump. */
export function typedChineseError(e: unknown): string | null {
  if (!isQarError(e)) return `not a QarError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  const m = e.message;
  if (!/[\u4e00-\u9fff]/.test(m)) return `message not Chinese: ${m}`;
  if (m.includes('\n')) return `message has several lines: ${m.slice(0, 200)}`;
  if (/\bat .+:\d+:\d+|SQLITE_|TypeError|RangeError|undefined|\[object /.test(m)) return `internal detail: ${m}`;
  return null;
}

/** Per-case limits: generous on a loaded 2-core machine, tight enough to catch a blow-up. */
export const CASE_LIMITS = { ms: 20_000, heapMb: 1536 };

/** Runs one case; records its outcome and any broken invariant (with seed, case number and mutation). */
export async function runCase(
  stats: CaseStats,
  label: string,
  fn: () => Promise<'accepted' | { refused: unknown }>,
  after?: () => string | null,
): Promise<void> {
  stats.cases++;
  const t = performance.now();
  let outcome: 'accepted' | { refused: unknown };
  try {
    outcome = await fn();
  } catch (e) {
    outcome = { refused: e };
  }
  const ms = performance.now() - t;
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  stats.maxMs = Math.max(stats.maxMs, ms);
  stats.maxHeapMb = Math.max(stats.maxHeapMb, heapMb);
  if (outcome === 'accepted') stats.accepted++;
  else {
    const bad = typedChineseError(outcome.refused);
    if (bad) stats.failures.push(`${label}: ${bad}`);
    const code = isQarError(outcome.refused) ? outcome.refused.code : 'untyped';
    stats.refused[code] = (stats.refused[code] ?? 0) + 1;
  }
  if (ms > CASE_LIMITS.ms) stats.failures.push(`${label}: took ${Math.round(ms)} ms`);
  if (heapMb > CASE_LIMITS.heapMb) stats.failures.push(`${label}: heap ${Math.round(heapMb)} MB`);
  const broken = after?.();
  if (broken) stats.failures.push(`${label}: ${broken}`);
}

/** Prints the counts (the report reads them) and fails with every broken invariant listed. */
export function report(name: string, stats: CaseStats): void {
  const refused = Object.entries(stats.refused)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `[fuzz] ${name}: ${stats.cases} cases (seed ${FUZZ_SEED}), accepted ${stats.accepted}, refused ${refused || 0}; ` +
      `slowest ${Math.round(stats.maxMs)} ms, peak heap ${Math.round(stats.maxHeapMb)} MB, ${stats.failures.length} broken`,
  );
  expect(stats.failures.slice(0, 20)).toEqual([]);
}
