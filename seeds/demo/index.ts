/**
 * The embedded demo school: 重庆示例职业技术学院, a fictional 工科 高职 in 重庆市, report year 2024.
 *
 * `buildDemoExport()` returns a complete, lossless WorkspaceExport (what `qar demo --out d.qar` imports): three
 * years of values for every indicator of the 高职 framework, the whole 2024 report narrative, ten generated
 * illustrations and two review comments. Ids and timestamps are fixed, so the export is byte-for-byte
 * reproducible. Derived values are computed with the framework's own formulas (safe expression evaluator).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { evaluate, mapScope, parseExpr } from '../../core/framework/expr';
import { allIndicators, Framework, type Indicator } from '../../core/framework/schema';
import {
  type AssetMeta,
  type Block,
  type Chapter,
  type IndicatorValue,
  type ReviewComment,
  type Section,
  WORKSPACE_EXPORT_FORMAT,
  WORKSPACE_EXPORT_VERSION,
  WorkspaceExport,
} from '../../core/model';
import frameworkJson from '../../templates/frameworks/cn-2024-gaozhi.json' with { type: 'json' };
import { boundText, mapStrings, type TypedFigure, typedText, valueSentinel } from './figures';
import { buildNarrative, type DemoChapter, SCHOOL } from './narrative';
import { DEMO_YEARS, RAW, SOURCE_BY_TABLE } from './values';

export const DEMO_REPORT_YEAR = 2024;
/** Every timestamp in the demo (so exports are reproducible). */
export const DEMO_TIME = '2024-12-20T09:00:00.000Z';
export const DEMO_CREDIT = '示例图片（程序生成）';

/** The illustrations in seeds/demo/images (drawn by make-images.ts) and what they show. */
export const DEMO_IMAGES: readonly { id: string; file: string; caption: string }[] = [
  { id: 'workshop', file: 'workshop.jpg', caption: '智能制造实训中心工业机器人实训' },
  { id: 'classroom', file: 'classroom.jpg', caption: '思想政治理论课课堂' },
  { id: 'graduation', file: 'graduation.jpg', caption: '2024届毕业典礼' },
  { id: 'lab', file: 'lab.jpg', caption: '工业互联网与电子技术实验室' },
  { id: 'farm', file: 'farm.jpg', caption: '柑橘园科技助农服务' },
  { id: 'international', file: 'international.jpg', caption: '国际学生中华文化与技能体验日' },
  { id: 'party', file: 'party.jpg', caption: '主题党日活动' },
  { id: 'sports', file: 'sports.jpg', caption: '田径运动会暨体育文化节' },
  { id: 'competition', file: 'competition.jpg', caption: '学校职业技能大赛' },
  { id: 'community', file: 'community.jpg', caption: '社区老年教育志愿服务' },
];

export function demoFramework(): Framework {
  return Framework.parse(frameworkJson);
}

/** Rounds like the report does (half away from zero, with a nudge for binary fractions such as 1.005). */
function roundTo(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round((x + Math.sign(x) * Number.EPSILON * Math.abs(x)) * f) / f;
}

/**
 * Every indicator's value per year: the raw numbers of values.ts, plus derived ones from the framework formulas.
 * Throws when the framework has an indicator the demo has no number for (the test names it).
 */
export function demoValueTable(fw: Framework): Map<number, Map<string, number>> {
  const indicators = allIndicators(fw);
  const out = new Map<number, Map<string, number>>();
  DEMO_YEARS.forEach((year, yi) => {
    const m = new Map<string, number>();
    for (const ind of indicators) {
      const series = RAW[ind.id];
      if (series && !ind.formula) m.set(ind.id, roundTo(series[yi] as number, ind.decimals));
    }
    // Derived indicators may depend on other derived ones (grad_placement_rate ← grad_placed): resolve in passes.
    let pending: Indicator[] = indicators.filter((i) => i.formula && !m.has(i.id));
    while (pending.length > 0) {
      const next: Indicator[] = [];
      for (const ind of pending) {
        const v = evaluate(parseExpr(ind.formula as string), mapScope(m));
        if (typeof v === 'number') m.set(ind.id, roundTo(v, ind.decimals));
        else next.push(ind);
      }
      if (next.length === pending.length) break;
      pending = next;
    }
    const missing = indicators.filter((i) => !m.has(i.id)).map((i) => i.id);
    if (missing.length > 0) throw new Error(`示例学校缺少指标数据（${year}年）：${missing.join('、')}`);
    out.set(year, m);
  });
  return out;
}

function imageSize(jpeg: Buffer): { width: number; height: number } {
  // Walk the JPEG markers to the first SOFn frame header, which holds the pixel size.
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) throw new Error('示例图片不是有效的 JPEG 文件');
    const marker = jpeg[i + 1] as number;
    const len = jpeg.readUInt16BE(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('示例图片缺少尺寸信息');
}

export function readDemoImage(file: string): Buffer {
  return readFileSync(new URL(`./images/${file}`, import.meta.url));
}

const idOf = (key: string) => key.replace(/[^a-z0-9]+/g, '-');

/** The demo text with every figure it cites from its data marked (seeds/demo/figures.ts), before it is finished. */
function markedNarrative(fw: Framework, table: Map<number, Map<string, number>>): DemoChapter[] {
  const decimals = new Map(allIndicators(fw).map((i) => [i.id, i.decimals]));
  const v = (id: string, year = DEMO_REPORT_YEAR): string => {
    const x = table.get(year)?.get(id);
    if (x === undefined) throw new Error(`示例正文引用了不存在的指标：${id}`);
    return valueSentinel(id, year, x.toFixed(decimals.get(id) ?? 0));
  };
  return buildNarrative(v);
}

/**
 * The demo's text with its figures typed, each text with where its cited figures are and what they stand for: the
 * ground truth 识别数字 is measured against (tests/figures-recognize.test.ts).
 */
export function demoTypedCorpus(): { place: string; text: string; figures: TypedFigure[] }[] {
  const fw = demoFramework();
  const out: { place: string; text: string; figures: TypedFigure[] }[] = [];
  const add = (place: string, s: string) => {
    const t = typedText(s);
    if (t.text.trim()) out.push({ place, ...t });
  };
  for (const ch of markedNarrative(fw, demoValueTable(fw))) {
    add(`${ch.title} 章首概述`, ch.intro);
    for (const sec of ch.sections)
      sec.blocks.forEach((b, i) => {
        for (const [k, v] of Object.entries(b))
          if (typeof v === 'string' && k !== 'kind') add(`${sec.title} 第${i + 1}块 ${k}`, v);
      });
  }
  return out;
}

/**
 * figures: 'bound' (what the demo ships) — every figure the text cites from the school's own data is bound to it
 * (core/figures), so the text follows the tables when someone edits them; 'typed' — the same text with the
 * numbers typed, as last year's text or a pasted Word text would have them (the corpus 识别数字 is measured on).
 */
export function buildDemoExport(opts: { figures?: 'bound' | 'typed' } = {}): WorkspaceExport {
  const finish = opts.figures === 'typed' ? (s: string) => typedText(s).text : boundText;
  const fw = demoFramework();
  const table = demoValueTable(fw);

  const tableOf = new Map<string, string>();
  for (const t of fw.tables) for (const ind of t.indicators) tableOf.set(ind.id, t.id);
  const values: IndicatorValue[] = [];
  for (const year of DEMO_YEARS) {
    for (const ind of allIndicators(fw)) {
      values.push({
        year,
        indicatorId: ind.id,
        value: table.get(year)?.get(ind.id) ?? null,
        note: ind.formula ? `按公式计算：${ind.formula}` : '',
        source: SOURCE_BY_TABLE[tableOf.get(ind.id) ?? ''] ?? '',
        updatedAt: DEMO_TIME,
      });
    }
  }

  const chapters: Chapter[] = [];
  const sections: Section[] = [];
  const blocks: Block[] = [];
  mapStrings(markedNarrative(fw, table), finish).forEach((ch, ci) => {
    const chapterId = `ch-${DEMO_REPORT_YEAR}-${idOf(ch.key)}`;
    chapters.push({ id: chapterId, year: DEMO_REPORT_YEAR, key: ch.key, title: ch.title, order: ci, intro: ch.intro });
    ch.sections.forEach((sec, si) => {
      const sectionId = `sec-${DEMO_REPORT_YEAR}-${idOf(sec.key)}`;
      sections.push({ id: sectionId, chapterId, key: sec.key, title: sec.title, order: si });
      sec.blocks.forEach((content, bi) => {
        blocks.push({
          id: `blk-${DEMO_REPORT_YEAR}-${idOf(sec.key)}-${String(bi + 1).padStart(2, '0')}`,
          sectionId,
          order: bi,
          content,
          updatedAt: DEMO_TIME,
        });
      });
    });
  });

  const assets: AssetMeta[] = [];
  const assetData: Record<string, string> = {};
  for (const img of DEMO_IMAGES) {
    const bytes = readDemoImage(img.file);
    const { width, height } = imageSize(bytes);
    assets.push({
      id: img.id,
      mime: 'image/jpeg',
      width,
      height,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      caption: `${SCHOOL}${img.caption}（示例图片）`,
      credit: DEMO_CREDIT,
      createdAt: DEMO_TIME,
    });
    assetData[img.id] = bytes.toString('base64');
  }

  const comments: ReviewComment[] = [
    {
      id: 'cmt-demo-1',
      parentId: null,
      target: { type: 'cell', tableId: 'scorecard', indicatorId: 'grad_placement_rate', year: DEMO_REPORT_YEAR },
      author: '区县审核员（示例）',
      body: '请补充说明毕业去向落实率的统计截止日期。',
      status: 'resolved',
      createdAt: DEMO_TIME,
      resolvedAt: DEMO_TIME,
    },
    {
      id: 'cmt-demo-2',
      parentId: null,
      target: { type: 'block', blockId: `blk-${DEMO_REPORT_YEAR}-international-going-out-02` },
      author: '区县审核员（示例）',
      body: '案例可补充一张培训中心的现场照片。',
      status: 'open',
      createdAt: DEMO_TIME,
      resolvedAt: null,
    },
  ];

  return WorkspaceExport.parse({
    format: WORKSPACE_EXPORT_FORMAT,
    formatVersion: WORKSPACE_EXPORT_VERSION,
    profile: {
      name: SCHOOL,
      code: '',
      level: '高职',
      category: '工科',
      region: '重庆市',
      reportYear: DEMO_REPORT_YEAR,
    },
    framework: { id: fw.id, version: fw.version },
    years: DEMO_YEARS.map((year) => ({ year, hasGraduates: true, note: '' })),
    values,
    chapters,
    sections,
    blocks,
    assets,
    comments,
    changes: [],
    assetData,
  });
}
