/**
 * Turning what an editor typed into a spreadsheet cell into an indicator value. Pure.
 *
 * Accepted: numbers; numeric text with thousands separators (1,234.5); full-width characters (１２３４．５、９０．７６％);
 * a trailing % for percent indicators (「90.76%」→ 90.76); the indicator's own unit after the number (「8123人」);
 * 「无数据」/「—」 for a value known to be missing (null). Everything else is refused with a reason; 「不适用」 with how
 * to mark the cell 不适用 in the grid.
 */
import type { Indicator } from '../framework/schema';
import { isRatioToOne } from '../report/format';
import { MISSING_TOKENS } from './layout';

export type CellReading =
  | { kind: 'empty' } // leave the stored value as it is
  /** `taken`: the text was written another way and read as `value`; said to the user (never a silent change) */
  | { kind: 'value'; value: number | null; taken?: string }
  | { kind: 'bad'; reason: string }; // Chinese, without the location (the caller adds sheet and cell)

/** what a school's own sheet writes in a cell that does not apply (the grid's 「不适用」 mark, which needs a reason) */
const NOT_APPLICABLE_WORDS: readonly string[] = ['不适用', '不涉及', '无此项'];

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;

/** Removes float noise from ×100 (0.9076 × 100 = 90.75999999999999). */
function tidy(n: number): number {
  return Number.parseFloat(n.toPrecision(12));
}

function quote(raw: string): string {
  const s = raw.replace(/\s+/g, ' ').trim();
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}

function unitWords(ind: Pick<Indicator, 'unit'>): string {
  return ind.unit ? `（单位：${ind.unit}）` : '';
}

/** 「1.2」 with its decimal point moved `places` to the right, written out: 「12000」 (no float arithmetic). */
function shiftedDecimal(text: string, places: number): string {
  const neg = text.startsWith('-');
  const [whole = '', frac = ''] = text.replace(/^[+-]/, '').replace(/,/g, '').split('.');
  const digits = (whole + frac.padEnd(places, '0')).replace(/^0+(?=\d)/, '');
  const cut = whole.length + places;
  const int = digits.slice(0, cut) || '0';
  const rest = digits.slice(cut).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${rest ? `.${rest}` : ''}`;
}

/**
 * 「1.2万」「3亿」 in a cell whose unit is not 万…: the school wrote the number the way a sentence would. It is not
 * taken as 12000 (nothing typed is changed silently); the message writes out what to type instead. Null when the
 * text is not a number with 万 or 亿.
 */
function largeUnitProblem(raw: string, s: string, ind: Pick<Indicator, 'type' | 'unit'>): string | null {
  const m = /^(.*?)(万|亿)$/.exec(s);
  if (!m || !NUMBER.test(m[1] as string)) return null;
  const unit = (ind.unit ?? '').normalize('NFKC');
  // 「1200万」 in a 万元 cell: the number alone is already in 万元
  const inTenThousands = unit.startsWith('万') && m[2] === '万';
  const text = inTenThousands
    ? (m[1] as string).replace(/,/g, '')
    : shiftedDecimal(m[1] as string, m[2] === '万' ? 4 : 8);
  return `「${quote(raw)}」带“${m[2]}”字，请写成完整的数字${unitWords(ind)}：${text}`;
}

/** What the readers know of an indicator: its type and unit, and its name and decimals for the messages. */
type ReadIndicator = Pick<Indicator, 'type' | 'unit'> & { name?: string; decimals?: number };

/**
 * 「15.35:1」 (X:Y, as reports write 生师比): in an X:1 ratio (core/report/format isRatioToOne) X is taken, and the
 * reading says what was taken; any other X:Y is refused with the number to type, never worked out silently; in an
 * indicator that is no such ratio, refused as such. Null when the text is not two numbers around a colon.
 */
function ratioReading(raw: string, x: string, y: string, ind: ReadIndicator): CellReading | null {
  if (!NUMBER.test(x) || !NUMBER.test(y)) return null;
  const name = ind.name || '该指标';
  if (!isRatioToOne(ind))
    return {
      kind: 'bad',
      reason: `「${quote(raw)}」是比值的写法，“${name}”不是 X:1 形式的比值，请只填写数字${unitWords(ind)}`,
    };
  const a = Number(x.replace(/,/g, ''));
  const b = Number(y.replace(/,/g, ''));
  const form = `${name}记为 X:1 中的 X`;
  if (b === 1 && a >= 0) return { kind: 'value', value: a, taken: `「${quote(raw)}」按 ${a} 填入（${form}）` };
  if (a === 1 && b > 1)
    return { kind: 'bad', reason: `「${quote(raw)}」是“1:X”（师生比）的写法：${form}，若指 ${b}:1，请填写 ${b}` };
  if (a > 0 && b > 0) {
    const q = Number((a / b).toFixed(ind.decimals ?? 2));
    return { kind: 'bad', reason: `「${quote(raw)}」不是 X:1 的写法：${form}，请填写 ${a} ÷ ${b} 的值 ${q}` };
  }
  return { kind: 'bad', reason: `「${quote(raw)}」不是 X:1 的写法：${form}，请只填写 X（如 15.35:1 填 15.35）` };
}

/** Reads numeric text for one indicator. */
export function readNumberText(raw: string, ind: ReadIndicator): CellReading {
  // NFKC folds full-width digits, ％ ， ． － ： and ideographic spaces into their ASCII forms
  let s = raw.normalize('NFKC').replace(/\s+/g, '');
  if (s === '') return { kind: 'empty' };
  // 15.35:1 (the ratio sign ∶ is not folded by NFKC)
  const pair = /^([^:∶]+)[:∶]([^:∶]+)$/.exec(s);
  const asRatio = pair ? ratioReading(raw, pair[1] as string, pair[2] as string, ind) : null;
  if (asRatio) return asRatio;
  if (MISSING_TOKENS.includes(s)) return { kind: 'value', value: null };
  if (ind.type === 'money') s = s.replace(/^[¥￥]/, '');
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  } else if (ind.unit && ind.unit !== '%' && s.endsWith(ind.unit.normalize('NFKC'))) {
    s = s.slice(0, -ind.unit.normalize('NFKC').length);
  }
  if (NOT_APPLICABLE_WORDS.includes(s)) {
    // 「或留空」 would leave a cell the completeness check asks about again; the grid's mark takes the reason
    return {
      kind: 'bad',
      reason: `「${quote(raw)}」不是数字；本年度不适用的指标，请选中该单元格，右键（或 Shift+F10）选「标为不适用…」并写明原因`,
    };
  }
  if (!NUMBER.test(s)) {
    const large = largeUnitProblem(raw, s, ind);
    if (large) return { kind: 'bad', reason: large };
    return { kind: 'bad', reason: `「${quote(raw)}」不是数字，请只填写数字${unitWords(ind)}，或留空` };
  }
  if (percent && ind.type !== 'percent') {
    return {
      kind: 'bad',
      reason: `「${quote(raw)}」带百分号，但该指标不是百分比${unitWords(ind)}，请去掉 %`,
    };
  }
  const value = Number(s.replace(/,/g, ''));
  if (!Number.isFinite(value)) return { kind: 'bad', reason: `「${quote(raw)}」超出了可以保存的数字范围` };
  return { kind: 'value', value };
}

/**
 * A numeric cell. `numFmt` matters for percent indicators: typing 90.76% in Excel stores 0.9076 formatted
 * as a percentage, which means 90.76 in our unit.
 */
export function readNumberCell(n: number, numFmt: string | undefined, ind: Pick<Indicator, 'type'>): CellReading {
  if (!Number.isFinite(n)) return { kind: 'bad', reason: '数值无效' };
  const isPercentFormat = typeof numFmt === 'string' && /%/.test(numFmt.replace(/"[^"]*"|\\./g, ''));
  if (isPercentFormat && ind.type === 'percent') return { kind: 'value', value: tidy(n * 100) };
  if (isPercentFormat) {
    return {
      kind: 'bad',
      reason: `单元格是百分比格式（${tidy(n * 100)}%），但该指标不是百分比，请改为常规数字格式后重填`,
    };
  }
  return { kind: 'value', value: n };
}

/**
 * What the grid refuses of a number typed or pasted into a cell (the import leaves these to validation, which
 * names them as findings): a negative number, and a fraction for a count. The Chinese reason, or null.
 */
export function enteredValueProblem(value: number, ind: Pick<Indicator, 'type' | 'name'>): string | null {
  if (value < 0) return `${ind.name || '该指标'}不能为负数`;
  if (ind.type === 'count' && !Number.isInteger(value)) return `${ind.name}应为整数`;
  return null;
}

/**
 * 0.95 typed into a percent cell (whose unit is already %) is most likely 95% written as a fraction, as Excel shows
 * a formatted percentage. The value the user probably meant (×100), or null when the typed text is not such a slip:
 * only a bare number between 0 and 1 (「0.95%」 or 「95」 is taken as typed). The grid asks; the user's choice is kept.
 */
export function percentSlip(text: string, value: number | null, ind: Pick<Indicator, 'type'>): number | null {
  if (ind.type !== 'percent' || value === null || value <= 0 || value >= 1) return null;
  if (text.normalize('NFKC').includes('%')) return null;
  return tidy(value * 100);
}
