/**
 * Numbers written in the narrative next to an indicator's name, compared with the stored value
 * (the kind of slip seed003_spec §8 lists: 「38 个」 in one place, 「20个」 in another).
 *
 * Built to prefer silence over false alarms. A number counts only when
 * - it follows the name (or an alias) within MAX_GAP characters, in the same clause (no 。；，! ? or line break),
 * - the words in between say nothing about change, approximation, rank, share or plans (较/增长/约/超/第/占/目标…),
 * - it carries a unit the indicator can be written in (%, 人/名, 万人, 元/万元/亿元, 18:1 …) and no 余/多/以上 after.
 * A year written before the name or in the gap (「2023年」, 「上年」) switches the comparison to that year's value;
 * a year without a stored value is skipped. The written number may be rounded to its own decimals.
 */
import type { Indicator, Rule } from '../framework/schema';
import { roundTo } from '../values/round';

type NarrativeRule = Extract<Rule, { kind: 'narrative' }>;

import type { IndicatorInfo } from './compile';

export const MAX_GAP = 15;

export interface NameEntry {
  /** '' when two indicators go by this name: ambiguous, never reported */
  readonly id: string;
  readonly units: ReadonlyMap<string, number>;
  /** false for names known only so that a longer name wins over a shorter one inside it */
  readonly report: boolean;
}

/** A name found in a text: where it starts and which name it is. */
export interface NameMatch {
  readonly index: number;
  readonly name: string;
}

export interface NarrativeMatcher {
  /**
   * The first name in `text` at or after `from` (the longest one where several start at the same place), as a
   * regular expression of every name, longest first, would find it; undefined when there is none.
   */
  readonly find: (text: string, from: number) => NameMatch | undefined;
  readonly byName: ReadonlyMap<string, NameEntry>;
  /**
   * For a name, the modifiers that turn it into another indicator's name when written right before it
   * (「具有研究生学位的」+「专任教师」 is 具有研究生学位的专任教师数, not 专任教师数).
   */
  readonly modifiers: ReadonlyMap<string, readonly string[]>;
}

export interface NarrativeHit {
  readonly indicatorId: string;
  /** the year the text speaks of */
  readonly year: number;
  /** as written, e.g. 「毕业去向落实率为 95.2%」 */
  readonly snippet: string;
  /** the number as written (「2.01」 of 「2.01亿元」) and its decimals */
  readonly written: number;
  readonly decimals: number;
  /** written × factor = value in the indicator's unit */
  readonly factor: number;
  /** 「2.01亿元」 */
  readonly writtenText: string;
  /** where the number and its unit are in the scanned prose: text.slice(start, end) (not set for table cells) */
  readonly start?: number;
  readonly end?: number;
  /** where the name read before it ends in the scanned prose */
  readonly nameEnd?: number;
}

/** Units a text may use, longest first, so that 人次 is never read as 人. */
const KNOWN_UNITS = [
  '个百分点',
  '万平方米',
  '平方米',
  '万人次',
  '万人日',
  '百分点',
  '人次',
  '人日',
  '人天',
  '课时',
  '学时',
  '学分',
  '万元',
  '亿元',
  '万人',
  '万名',
  '小时',
  '%',
  '％',
  '元',
  '人',
  '名',
  '个',
  '项',
  '门',
  '家',
  '所',
  '本',
  '部',
  '场',
  '次',
  '期',
  '台',
  '套',
  '条',
  '篇',
  '件',
  '种',
  '册',
  '天',
  '米',
  '万',
  '亿',
];

/** How each written unit converts into the indicator's unit (written × factor = value in the indicator's unit). */
function acceptedUnits(ind: Indicator): Map<string, number> {
  const m = new Map<string, number>();
  if (ind.type === 'percent') {
    m.set('%', 1);
    m.set('％', 1);
    return m;
  }
  if (ind.type === 'ratio') {
    m.set(':1', 1);
    if (ind.unit && ind.unit !== ':1') m.set(ind.unit, 1);
    return m;
  }
  const money = new Map([
    ['元', 1],
    ['万元', 1e4],
    ['亿元', 1e8],
  ]);
  const base = money.get(ind.unit);
  if (ind.type === 'money' && base !== undefined) {
    for (const [u, f] of money) m.set(u, f / base);
    return m;
  }
  if (!ind.unit) return m;
  m.set(ind.unit, 1);
  if (!ind.unit.startsWith('万')) m.set(`万${ind.unit}`, 1e4);
  if (ind.unit === '人') {
    m.set('名', 1);
    m.set('万名', 1e4);
  }
  return m;
}

/** An indicator's own name without a trailing 「（…）」. */
function baseName(ind: Indicator): string {
  return ind.name.replace(/[（(][^）)]*[）)]$/, '').trim();
}

/**
 * Shorter ways prose writes a name: 「具有研究生学位的专任教师数」 → 「具有研究生学位的专任教师」,
 * 「毕业生专业相关度（就业对口率）」 → 「就业对口率」. Known only to block shorter names inside them.
 */
function derivedNames(ind: Indicator): string[] {
  const out: string[] = [];
  const base = baseName(ind);
  const noCount = base.replace(/(人数|数)$/, '');
  if (noCount !== base) out.push(noCount);
  const inner = /[（(]([^）)]*)[）)]$/.exec(ind.name)?.[1]?.trim();
  if (inner && !/^(折算|最低值|项目)$/.test(inner)) out.push(inner);
  return out.filter((n) => [...n].length >= 3);
}

type NameSource = 'explicit' | 'derived';

/**
 * Names of ALL indicators of the framework (so that a longer known name wins: 「本省去向落实率」 is never read as
 * 「去向落实率」), reported only for the indicators the rule covers.
 * `otherAliases` are the aliases of the framework's other narrative rules: names too, never reported here.
 */
export function buildNarrativeMatcher(
  rule: NarrativeRule,
  indicators: ReadonlyMap<string, IndicatorInfo>,
  otherAliases: Readonly<Record<string, readonly string[]>> = {},
): NarrativeMatcher {
  const covered = new Set(rule.indicators.length > 0 ? rule.indicators : indicators.keys());
  // name → (indicator id → how the name was found)
  const seen = new Map<string, Map<string, NameSource>>();
  const add = (name: string, id: string, source: NameSource) => {
    if ([...name].length < 2) return;
    const ids = seen.get(name) ?? new Map<string, NameSource>();
    if (ids.get(id) !== 'explicit') ids.set(id, source);
    seen.set(name, ids);
  };
  for (const [id, info] of indicators) {
    add(baseName(info.ind), id, 'explicit');
    for (const n of derivedNames(info.ind)) add(n, id, 'derived');
  }
  for (const [id, list] of Object.entries(rule.aliases)) for (const n of list) add(n, id, 'explicit');
  for (const [id, list] of Object.entries(otherAliases)) for (const n of list) add(n, id, 'derived');

  const byName = new Map<string, NameEntry>();
  for (const [name, ids] of seen) {
    const explicit = [...ids].filter(([, s]) => s === 'explicit').map(([id]) => id);
    const owners = explicit.length > 0 ? explicit : [...ids.keys()];
    // The same name on two indicators is ambiguous: block it rather than guess.
    if (owners.length !== 1) {
      byName.set(name, { id: '', units: new Map(), report: false });
      continue;
    }
    const id = owners[0] as string;
    const info = indicators.get(id);
    const units = info ? acceptedUnits(info.ind) : new Map<string, number>();
    const report = explicit.length === 1 && covered.has(id) && units.size > 0;
    byName.set(name, { id, units, report });
  }

  const names = [...byName.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const modifiers = new Map<string, string[]>();
  for (const short of names) {
    const id = byName.get(short)?.id;
    for (const long of names) {
      if (long.length <= short.length || !long.endsWith(short) || byName.get(long)?.id === id) continue;
      const list = modifiers.get(short) ?? [];
      list.push(long.slice(0, long.length - short.length));
      modifiers.set(short, list);
    }
  }
  return { find: nameFinder(names), byName, modifiers };
}

/**
 * Finds the leftmost name, longest first at one place. Names grouped by their first two characters (every name has
 * two or more): a look-up per character of the text instead of trying ~150 alternatives at every place (what one
 * regular expression of all the names did; the scans of the narrative spent most of their time there).
 */
function nameFinder(names: readonly string[]): NarrativeMatcher['find'] {
  const byPair = new Map<number, string[]>();
  // most characters start no name: one array read rules them out
  const starts = new Uint8Array(0x10000);
  for (const n of names) {
    const pair = n.charCodeAt(0) * 0x10000 + n.charCodeAt(1);
    starts[n.charCodeAt(0)] = 1;
    const list = byPair.get(pair);
    if (list) list.push(n);
    else byPair.set(pair, [n]);
  }
  for (const list of byPair.values()) list.sort((a, b) => b.length - a.length);
  return (text, from) => {
    const last = text.length - 1;
    for (let i = Math.max(0, from); i < last; i++) {
      if (starts[text.charCodeAt(i)] === 0) continue;
      const list = byPair.get(text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1));
      if (!list) continue;
      for (const name of list) if (text.startsWith(name, i)) return { index: i, name };
    }
    return undefined;
  };
}

const STOP = /[。；;，,！!？?\n\r、]/;
/** Words in the gap that make the number something other than the value itself. */
const QUALIFIER =
  /较|比|同比|环比|增长|增加|增幅|增至|提高|提升|上升|下降|减少|降低|降幅|降至|新增|累计|平均|人均|生均|约|近|超|逾|不足|接近|排名|第|占|其中|以上|以下|目标|力争|预计|计划|达标|差|翻|倍|分别|合计|总计|之和|左右|前|后/;
/**
 * Words right before a name that narrow it to a part of the whole (本省 graduates, 女 teachers, 外聘 teachers):
 * the number then is not the indicator's value.
 */
const NARROWING_BEFORE =
  /(本省|省内|省外|外省|本市|市内|市外|区内|县内|本地|女|男|少数民族|正高级|副高级|高级|中级|初级|外聘|新进|新入职|新招聘)$/;
export const APPROX_AFTER = /^\s*(余|多|以上|以下|左右|以内|上下|之多)/;
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?/;
const YEAR_WORD = /^\s*(年度|年|届)/;
const YEAR_BEFORE = /(?:(\d{4})\s*(?:年度|年|届)|(上年|去年|上一年|上一年度|前一年))[^。；;，,！!？?\n]{0,6}$/;

export function unitAt(s: string): string | undefined {
  const t = s.replace(/^\s+/, '');
  if (/^[:：∶]\s*1(?!\d)/.test(t)) return ':1';
  return KNOWN_UNITS.find((u) => t.startsWith(u));
}

export function unitLength(s: string, unit: string): number {
  const lead = s.length - s.replace(/^\s+/, '').length;
  if (unit === ':1') return lead + (/^[:：∶]\s*1/.exec(s.slice(lead))?.[0].length ?? 2);
  return lead + unit.length;
}

/**
 * A name found in the text that stands for an indicator the rule reports: not narrowed by what precedes it
 * (「具有研究生学位的」专任教师, 「女」专任教师), with the year written before it (「2023年」, 「上年」) or the report year.
 */
export function nameAt(
  text: string,
  matcher: NarrativeMatcher,
  m: NameMatch,
  year: number,
): { entry: NameEntry; refYear: number } | undefined {
  const { name } = m;
  const entry = matcher.byName.get(name);
  if (!entry?.report) return undefined;
  const start = m.index;
  const lead = text.slice(Math.max(0, start - 20), start);
  if (matcher.modifiers.get(name)?.some((p) => lead.endsWith(p))) return undefined;
  if (NARROWING_BEFORE.test(lead)) return undefined;
  let refYear = year;
  const before = YEAR_BEFORE.exec(text.slice(Math.max(0, start - 12), start));
  if (before) refYear = before[1] ? Number(before[1]) : year - 1;
  return { entry, refYear };
}

/**
 * Every indicator number written in `text`, with the year it speaks of. The caller compares with stored values.
 */
export function scanNarrative(text: string, matcher: NarrativeMatcher, year: number): NarrativeHit[] {
  const hits: NarrativeHit[] = [];
  if (!text) return hits;
  let next = 0;
  for (let m = matcher.find(text, 0); m; m = matcher.find(text, next)) {
    const { name } = m;
    next = m.index + name.length;
    const at = nameAt(text, matcher, m, year);
    if (!at) continue;
    const { entry } = at;
    let { refYear } = at;
    const start = m.index;

    const tailStart = start + name.length;
    const tail = text.slice(tailStart, tailStart + MAX_GAP + 30);
    let j = 0;
    let found: { value: number; raw: string; end: number } | undefined;
    while (j < tail.length && j <= MAX_GAP) {
      const ch = tail[j] as string;
      if (STOP.test(ch)) break;
      if (ch >= '0' && ch <= '9') {
        const num = NUMBER.exec(tail.slice(j));
        if (!num) break;
        const raw = num[0];
        const after = tail.slice(j + raw.length);
        const asYear = Number(raw);
        if (!num[2] && raw.length === 4 && asYear >= 1990 && asYear <= 2100 && YEAR_WORD.test(after)) {
          refYear = asYear;
          j += raw.length + (YEAR_WORD.exec(after)?.[0].length ?? 0);
          continue;
        }
        found = { value: Number(raw.replace(/,/g, '')), raw, end: j + raw.length };
        break;
      }
      j++;
    }
    if (!found) continue;
    const gap = tail.slice(0, j);
    if (QUALIFIER.test(gap.replace(/\d{4}\s*(年度|年|届)/g, ''))) continue;
    // Another indicator's name in the gap: the number belongs to that one (it gets its own match).
    if (matcher.find(gap, 0)) continue;
    const after = tail.slice(found.end);
    const unit = unitAt(after);
    if (!unit) continue;
    const factor = entry.units.get(unit);
    if (factor === undefined) continue;
    if (APPROX_AFTER.test(after.slice(unitLength(after, unit)))) continue;
    const snippetEnd = tailStart + found.end + unitLength(after, unit);
    hits.push({
      indicatorId: entry.id,
      year: refYear,
      snippet: text.slice(start, snippetEnd).replace(/\s+/g, ' '),
      written: found.value,
      decimals: /\.(\d+)/.exec(found.raw)?.[1]?.length ?? 0,
      factor,
      writtenText: `${found.raw}${unit}`,
      start: tailStart + found.end - found.raw.length,
      end: snippetEnd,
      nameEnd: tailStart,
    });
    // Continue after this number so the same value is not read twice.
    next = Math.max(next, snippetEnd);
  }
  return hits;
}

/** True when the stored value, in the written unit and rounded to the written decimals, equals the written number. */
export function matchesWritten(stored: number, hit: NarrativeHit): boolean {
  const inWritten = stored / hit.factor;
  // rounded as the grid and the report round (core/values/round), so text copied from them always matches
  const rounded = roundTo(inWritten, hit.decimals);
  return Math.abs(rounded - hit.written) <= 1e-9 * Math.max(1, Math.abs(hit.written));
}
