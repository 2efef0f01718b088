/**
 * Bench: the Word report. (a) the demo school; (b) a synthetic workspace at the scale of seed 003 (41 cases,
 * 43 figures of which 33 are 4000×3000 camera-sized JPEGs and 10 charts, 89 lead paragraphs, 6 body tables +
 * the 6 appendix tables = 12 tables). Times model + docx and prints the file size.
 * Targets: large report ≤ 6 s, docx ≤ 25 MB. Then pandoc builds a docx from equivalent markdown with the same
 * images (the original photos; pandoc does not downscale) and the ratio our time / pandoc's time is printed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderChartPng } from '../../core/charts/render-node';
import { writeReportDocx } from '../../core/docx/write';
import { allIndicators, type Framework } from '../../core/framework/schema';
import type { AssetMeta, Block, BlockContent, Chapter, Section, Workspace } from '../../core/model';
import { buildReportModel } from '../../core/report/build';
import { allItems, type ReportModel } from '../../core/report/model';
import { buildDemoExport, demoFramework } from '../../seeds/demo/index';

export const name = 'Word 报告（文档模型 + docx）';

const LARGE_TARGET_S = 6;
const LARGE_SIZE_TARGET_MB = 25;
const PHOTO_W = 4000;
const PHOTO_H = 3000;
const PHOTOS = 33;
const CHARTS = 10;
const CASES = 41;
const PARAGRAPHS = 89;
const BODY_TABLES = 6;
const CACHE = join(tmpdir(), 'qar-bench-photos-v1');
const T = '2024-12-20T09:00:00.000Z';

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const secs = (ms: number) => (ms / 1000).toFixed(2);
const renderChart = (
  spec: Parameters<typeof renderChartPng>[0],
  size: { widthPx: number; heightPx: number; dpi: number },
) => renderChartPng(spec, { ...size, showTitle: false });

/** A camera-sized JPEG: a smooth colour field (upscaled random 8×6 grid) plus sensor-like noise. */
async function makePhoto(i: number): Promise<Buffer> {
  let seed = 1234 + i * 7919;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const grid = Buffer.from(Array.from({ length: 8 * 6 * 3 }, () => Math.floor(40 + rnd() * 200)));
  const field = await sharp(grid, { raw: { width: 8, height: 6, channels: 3 } })
    .resize(PHOTO_W, PHOTO_H, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  const noise = await sharp({
    create: {
      width: PHOTO_W,
      height: PHOTO_H,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 14 },
    },
  })
    .raw()
    .toBuffer();
  for (let k = 0; k < field.length; k++)
    field[k] = Math.max(0, Math.min(255, (field[k] ?? 0) + (noise[k] ?? 128) - 128));
  return sharp(field, { raw: { width: PHOTO_W, height: PHOTO_H, channels: 3 } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

async function ensurePhotos(): Promise<string[]> {
  mkdirSync(CACHE, { recursive: true });
  const paths: string[] = [];
  let made = 0;
  const t0 = performance.now();
  for (let i = 0; i < PHOTOS; i++) {
    const p = join(CACHE, `photo-${String(i + 1).padStart(2, '0')}.jpg`);
    if (!existsSync(p)) {
      writeFileSync(p, await makePhoto(i));
      made++;
    }
    paths.push(p);
  }
  if (made)
    console.log(
      `  made ${made} test photos ${PHOTO_W}×${PHOTO_H} in ${secs(performance.now() - t0)} s (cached in ${CACHE})`,
    );
  return paths;
}

const SENTENCES = [
  '学校坚持立德树人根本任务，深化产教融合、校企合作，人才培养质量稳步提升。',
  '2024年，学校新增校企合作企业36家，共建产业学院4个，订单班学生规模达到1260人。',
  '学校完善专业动态调整机制，专业设置与区域主导产业匹配度达到90%以上。',
  '一是完善制度体系；二是强化平台支撑；三是健全评价机制，形成了可复制、可推广的经验做法。',
  '学校组织教师赴企业实践人数较上年增加120人次，“双师型”教师比例持续提高。',
];
const text = (n: number, k: number) =>
  Array.from({ length: n }, (_, i) => SENTENCES[(k + i) % SENTENCES.length]).join('');

/** Seed-003-sized narrative over the demo school's values and framework. */
function largeWorkspace(fw: Framework, base: Workspace, photos: { id: string; bytes: Buffer }[]): Workspace {
  const chapterDefs: [string, string, string[]][] = [
    ['talent', '人才培养', ['立德树人', '技能成长', '就业质量', '多样成才']],
    ['industry', '产教融合', ['机制创新', '资源共建', '双师共培', '人才共育']],
    ['service', '服务贡献', ['服务国家战略', '支撑地方产业', '服务技能型社会建设']],
    ['culture', '文化传承', ['传承工匠精神', '传承红色基因', '传承优秀传统文化']],
    ['international', '国际合作', ['留学生培养', '职教出海', '国际交流']],
    ['support', '发展保障', ['党建引领', '制度创新', '条件支撑', '质量保障']],
    ['overview', '发展概况', ['办学规模', '办学能力', '重点改革', '重大项目']],
  ];
  const chapters: Chapter[] = [];
  const sections: Section[] = [];
  chapterDefs.forEach(([key, title, secs], ci) => {
    const id = `big-${key}`;
    chapters.push({ id, year: 2024, key, title, order: ci, intro: text(4, ci) });
    secs.forEach((t, si) => {
      sections.push({ id: `${id}-${si}`, chapterId: id, key: '', title: t, order: si });
    });
  });
  const chg = 'big-challenges';
  chapters.push({
    id: chg,
    year: 2024,
    key: 'challenges',
    title: '面临挑战',
    order: chapters.length,
    intro: text(3, 1),
  });
  sections.push({ id: `${chg}-0`, chapterId: chg, key: 'challenges.list', title: '挑战与对策', order: 0 });

  const percent = allIndicators(fw)
    .filter((i) => i.type === 'percent')
    .map((i) => i.id);
  const perSection = new Map<string, BlockContent[]>();
  const push = (si: number, c: BlockContent) => {
    const s = sections[si % (sections.length - 1)] as Section;
    const list = perSection.get(s.id) ?? [];
    list.push(c);
    perSection.set(s.id, list);
  };
  let photo = 0;
  const nextPhoto = () => photos[photo++ % photos.length]?.id as string;
  for (let i = 0; i < PARAGRAPHS; i++)
    push(i, { kind: 'paragraph', lead: '完善育人体系，质量稳步提升。', text: text(5, i) });
  for (let i = 0; i < CASES; i++) {
    const withPhoto = i < 16;
    push(i, {
      kind: 'case',
      title: '深化校企协同育人，打造高水平实践教学平台',
      body: `${text(6, i)}\n${text(4, i + 2)}`,
      photos: withPhoto ? [{ assetId: nextPhoto(), caption: `学校师生在实训基地开展实践教学活动（${i + 1}）` }] : [],
    });
  }
  for (let i = 0; i < PHOTOS - 16; i++)
    push(i * 3, { kind: 'photo', assetId: nextPhoto(), caption: `学校举办技能节活动现场（${i + 1}）` });
  for (let i = 0; i < CHARTS; i++) {
    push(i * 2 + 1, {
      kind: 'chart',
      caption: '',
      chartType: i % 2 ? 'line' : 'bar',
      indicators: [percent[i % percent.length] as string],
      years: [],
      source: '',
    });
  }
  for (let i = 0; i < BODY_TABLES; i++) {
    push(i * 4 + 2, {
      kind: 'table',
      caption: `2024年学校合作项目一览（${i + 1}）`,
      columns: ['序号', '项目名称', '合作单位', '负责人'],
      rows: Array.from({ length: 30 }, (_, r) => [
        String(r + 1),
        `产教融合项目${r + 1}`,
        `重庆某某科技有限公司${r + 1}`,
        '张老师',
      ]),
      source: '',
    });
  }
  const blocks: Block[] = [];
  for (const [sectionId, list] of perSection)
    list.forEach((content, order) => {
      blocks.push({ id: `${sectionId}-b${order}`, sectionId, order, content, updatedAt: T });
    });
  ['专业数字化转型偏慢', '高层次人才不足', '国际化水平不高'].forEach((title, i) => {
    blocks.push({
      id: `${chg}-c${i}`,
      sectionId: `${chg}-0`,
      order: i,
      content: { kind: 'challenge', title, problems: text(3, i), plans: text(5, i) },
      updatedAt: T,
    });
  });
  const assets: AssetMeta[] = photos.map((p) => ({
    id: p.id,
    mime: 'image/jpeg',
    width: PHOTO_W,
    height: PHOTO_H,
    bytes: p.bytes.length,
    sha256: createHash('sha256').update(p.bytes).digest('hex'),
    caption: '',
    credit: '',
    createdAt: T,
  }));
  return { ...base, chapters, sections, blocks, assets, comments: [] };
}

async function timeReport(label: string, ws: Workspace, fw: Framework, bytesOf: (id: string) => Buffer) {
  const t0 = performance.now();
  const model = buildReportModel(ws, fw);
  const t1 = performance.now();
  const docx = await writeReportDocx(model, { assetBytes: bytesOf, renderChart });
  const t2 = performance.now();
  const s = model.stats;
  console.log(
    `  ${label}: ${s.chapters} 章 ${s.sections} 节, ${s.paragraphs} 段, ${s.cases} 案例, 图 ${s.figures} (照片 ${s.photos}, 图表 ${s.charts}), 表 ${s.tables} + 附表 ${s.appendixTables}`,
  );
  console.log(
    `    model ${(t1 - t0).toFixed(0)} ms, docx ${secs(t2 - t1)} s, total ${secs(t2 - t0)} s, size ${mb(docx.length)} MB`,
  );
  return { model, docx, ms: t2 - t0 };
}

/** Markdown with the same content for pandoc: headings, lead paragraphs, cases as quotes, figures, tables. */
function markdownOf(model: ReportModel, photoPath: (id: string) => string, chartPath: (i: number) => string): string {
  const out: string[] = [`% ${model.meta.fullTitle}`, ''];
  let chart = 0;
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  for (const ch of model.chapters) {
    out.push(`# ${ch.heading}`, '', ...ch.intro.flatMap((p) => [p, '']));
    for (const s of ch.sections) {
      if (s.heading) out.push(`## ${s.heading}`, '');
      for (const it of s.items) {
        if (it.kind === 'paragraph') out.push(`**${it.lead}**${it.paragraphs.join('\n\n')}`, '');
        else if (it.kind === 'case')
          out.push(`> **${it.label}${it.title}**`, '>', ...it.paragraphs.flatMap((p) => [`> ${p}`, '>']), '');
        else if (it.kind === 'figure') {
          const src = it.image ? photoPath(it.image.assetId) : chartPath(chart++);
          out.push(`![${it.captionLine}](${src}){width=12.5cm}`, '', ...(it.sourceLine ? [it.sourceLine, ''] : []));
        } else if (it.kind === 'table') {
          out.push(
            `: ${it.captionLine}`,
            '',
            `| ${it.columns.map(cell).join(' | ')} |`,
            `|${it.columns.map(() => '---').join('|')}|`,
          );
          for (const r of it.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
          out.push('');
        } else if (it.kind === 'challenge') {
          out.push(
            `## ${it.heading}`,
            '',
            `**问题表现：**${it.problems.join('')}`,
            '',
            `**下一步打算：**${it.plans.join('')}`,
            '',
          );
        }
      }
    }
  }
  out.push(`# ${model.appendix.heading}`, '');
  for (const t of model.appendix.tables) {
    out.push(`: ${t.captionLine}`, '', `| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`);
    for (const r of t.rows) out.push(`| ${[r.no, r.name, r.unit, ...r.values].map(cell).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

export async function run(): Promise<void> {
  // (a) the demo school
  const demo = buildDemoExport();
  const demoFw = demoFramework();
  await timeReport('示例学校', demo, demoFw, (id) => Buffer.from(demo.assetData[id] ?? '', 'base64'));

  // (b) seed-003 scale
  const paths = await ensurePhotos();
  const photos = paths.map((p, i) => ({ id: `photo-${i + 1}`, bytes: readFileSync(p), path: p }));
  const inputMb = photos.reduce((a, p) => a + p.bytes.length, 0);
  console.log(`  ${PHOTOS} photos in, ${mb(inputMb)} MB of JPEG`);
  const big = largeWorkspace(demoFw, demo, photos);
  const byId = new Map(photos.map((p) => [p.id, p]));
  const { model, docx, ms } = await timeReport('大型报告', big, demoFw, (id) => byId.get(id)?.bytes ?? Buffer.alloc(0));
  const okTime = ms / 1000 <= LARGE_TARGET_S;
  const okSize = docx.length / 1024 / 1024 <= LARGE_SIZE_TARGET_MB;
  console.log(
    `    target time ≤ ${LARGE_TARGET_S} s: ${okTime ? 'met' : 'MISSED'}; target size ≤ ${LARGE_SIZE_TARGET_MB} MB: ${okSize ? 'met' : 'MISSED'}`,
  );

  // pandoc on equivalent markdown with the same (original) photos and the same chart PNGs
  const which = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.log('  pandoc not installed: comparison skipped');
    return;
  }
  const dir = join(tmpdir(), `qar-bench-pandoc-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const charts = allItems(model).filter((i) => i.kind === 'figure' && i.chart);
    let ci = 0;
    for (const c of charts) {
      if (c.kind === 'figure' && c.chart)
        writeFileSync(
          join(dir, `chart-${ci++}.png`),
          await renderChart(c.chart, { widthPx: 529, heightPx: 296, dpi: 220 }),
        );
    }
    const md = markdownOf(
      model,
      (id) => byId.get(id)?.path ?? '',
      (i) => join(dir, `chart-${i}.png`),
    );
    writeFileSync(join(dir, 'report.md'), md);
    const t0 = performance.now();
    const r = spawnSync('pandoc', [join(dir, 'report.md'), '-o', join(dir, 'report.docx')], { encoding: 'utf8' });
    const pandocMs = performance.now() - t0;
    if (r.status !== 0) {
      console.log(`  pandoc failed: ${r.stderr.trim().slice(0, 200)}`);
      return;
    }
    const size = statSync(join(dir, 'report.docx')).size;
    console.log(
      `  pandoc (${which.stdout.split('\n')[0]}): ${secs(pandocMs)} s, size ${mb(size)} MB (photos embedded at full size)`,
    );
    console.log(`  ours / pandoc time: ${(ms / pandocMs).toFixed(2)}×; size ${mb(docx.length)} MB vs ${mb(size)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
