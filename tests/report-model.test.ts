import { describe, expect, it } from 'vitest';
import type { Workspace } from '../core/model';
import { buildReportModel } from '../core/report/build';
import { chineseNumeral, cleanCaption, formatValue, printsWhole, sourceLine } from '../core/report/format';
import { allItems, type FigureItem, type ReportModel } from '../core/report/model';
import { getDefaultOutline, parseOutline } from '../core/report/outline';
import { fixtureFramework, fixtureWorkspace } from './report-fixture';

const fw = fixtureFramework();

function figures(m: ReportModel): FigureItem[] {
  return allItems(m).filter((i): i is FigureItem => i.kind === 'figure');
}

describe('report outline', () => {
  it('loads and validates the built-in 2024 outline', () => {
    const o = getDefaultOutline();
    expect(o.chapters.map((c) => c.key)).toContain('talent');
    expect(o.chapters.find((c) => c.key === 'overview')?.optional).toBe(true);
    expect(o.chapters.find((c) => c.key === 'challenges')?.challenges).toBe(true);
    expect(o.appendix.tables).toHaveLength(6);
  });
  it('rejects a broken outline with a Chinese message', () => {
    expect(() => parseOutline({ format: 'qar-outline', formatVersion: 1 })).toThrow(/报告提纲文件格式不正确/);
  });
});

describe('buildReportModel', () => {
  const ws = fixtureWorkspace();
  const m = buildReportModel(ws, fw);

  it('cover and running title follow seed 003 (质量年度报告（2024年度）)', () => {
    expect(m.cover).toEqual({
      schoolName: '重庆示例职业技术学院',
      title: '质量年度报告',
      edition: '（2024年度）',
      date: '2024年12月',
      preparedBy: '重庆示例职业技术学院',
      // the fixture framework names no 编制通知 with a 文号
    });
    expect(m.meta.fullTitle).toBe('重庆示例职业技术学院质量年度报告（2024年度）');
  });

  it('numbers chapters 1…n and sections n.m in workspace order; 前言 unnumbered', () => {
    expect(m.preface?.heading).toBe('前 言');
    expect(m.chapters.map((c) => c.heading)).toEqual([
      '1 学校概况',
      '2 人才培养',
      '3 国际合作',
      '4 服务贡献',
      '5 面临挑战',
    ]);
    expect(m.chapters[1]?.sections.map((s) => s.heading)).toEqual(['2.1 立德树人', '2.2 就业质量']);
    expect(m.chapters[1]?.intro).toEqual(['学校坚持立德树人根本任务，人才培养质量稳步提升。']);
  });

  it('numbers figures per chapter, photos and charts in one sequence, captions without a full stop', () => {
    expect(figures(m).map((f) => f.captionLine)).toEqual([
      '图 2-1 学生在红岩革命纪念馆开展现场教学',
      '图 2-2',
      '图 2-3 2022-2024年毕业生毕业去向落实率（%）',
      '图 2-4 校园招聘会现场',
      '图 2-5 生师比',
      '图 4-1 缺失的图片',
    ]);
    for (const f of figures(m)) expect(f.captionLine).not.toMatch(/[。.]$/);
  });

  it('puts a case’s photos right after the case box', () => {
    const items = m.chapters[1]?.sections[0]?.items ?? [];
    expect(items.map((i) => i.kind)).toEqual(['paragraph', 'case', 'figure', 'figure']);
    const c = items[1];
    expect(c?.kind === 'case' && c.label).toBe('【案例 2-1】');
    expect(c?.kind === 'case' && c.title).toBe('打造红色文化育人品牌，铸魂强基培养时代新人');
    expect(items[2]?.kind === 'figure' && items[2].blockId).toBe(c?.blockId);
  });

  it('numbers cases and tables per chapter; table captions are cleaned, rows padded', () => {
    const cases = allItems(m).flatMap((i) => (i.kind === 'case' ? [i.label] : []));
    expect(cases).toEqual(['【案例 2-1】', '【案例 4-1】']);
    const t = allItems(m).find((i) => i.kind === 'table');
    expect(t?.kind === 'table' && t.captionLine).toBe('表 2-1 2024年主要合作企业名单');
    expect(t?.kind === 'table' && t.sourceLine).toBe('（数据来源：学校招生就业处）');
  });

  it('gives every chart a 数据来源 line, defaulting to the platform table of its data', () => {
    const charts = figures(m).filter((f) => f.figureKind === 'chart');
    expect(charts.map((c) => c.sourceLine)).toEqual([
      '（数据来源：职业教育质量年报平台人才培养质量计分卡）',
      '（数据来源：职业教育质量年报平台教学资源表）',
    ]);
    expect(
      figures(m)
        .filter((f) => f.figureKind === 'photo')
        .every((f) => f.sourceLine === ''),
    ).toBe(true);
  });

  it('carries the core/charts spec resolved from the workspace: default years, null for no data, reference line', () => {
    const [placement, ratio] = figures(m).filter((f) => f.figureKind === 'chart');
    expect(placement?.chart?.categories).toEqual(['2022年', '2023年', '2024年']);
    expect(placement?.chart?.series[0]?.values).toEqual([93.1, 94.55, 94.585]);
    expect(placement?.chart?.unit).toBe('%');
    expect(ratio?.chart?.type).toBe('line');
    expect(ratio?.chart?.categories).toEqual(['2023年', '2024年']);
    expect(ratio?.chart?.series.find((s) => s.role === 'reference')?.values).toEqual([18, 18]);
  });

  it('prints a placeholder figure when a chart has no known indicator', () => {
    const ws2: Workspace = structuredClone(ws);
    const b = ws2.blocks.find((x) => x.content.kind === 'chart');
    if (b?.content.kind !== 'chart') throw new Error('fixture');
    b.content.indicators = ['no_such_indicator'];
    const f = figures(buildReportModel(ws2, fw)).find((x) => x.figureKind === 'chart');
    expect(f?.chart).toBeUndefined();
    expect(f?.chartError).toMatch(/图表没有可用的指标/);
    expect(f?.label).toBe('图 2-3');
  });

  it('references images by asset id and marks missing assets', () => {
    const [a] = figures(m);
    expect(a?.image).toEqual({ assetId: 'photo-a', mime: 'image/jpeg', widthPx: 2400, heightPx: 1600 });
    expect(figures(m).at(-1)?.missingAssetId).toBe('photo-missing');
  });

  it('writes 面临挑战 as 挑战一/二/三 with 问题表现 and 下一步打算, without a section heading', () => {
    const ch = m.chapters.at(-1);
    expect(ch?.challenges).toBe(true);
    expect(ch?.sections[0]?.heading).toBeNull();
    const ch5 = ch?.sections[0]?.items ?? [];
    expect(ch5.map((i) => (i.kind === 'challenge' ? i.heading : i.kind))).toEqual([
      '挑战一：产教融合深度不够',
      '挑战二：高层次人才不足',
      '挑战三：国际化水平不高',
    ]);
    const first = ch5[0];
    expect(first?.kind === 'challenge' && first.problems).toEqual(['一是合作企业数量偏少；二是合作层次不深。']);
  });

  it('lists chapters, sections and 挑战 in the table of contents', () => {
    expect(m.toc.map((e) => `${e.level}:${e.text}`)).toEqual([
      '1:前 言',
      '1:1 学校概况',
      '2:1.1 办学规模',
      '1:2 人才培养',
      '2:2.1 立德树人',
      '2:2.2 就业质量',
      '1:3 国际合作',
      '1:4 服务贡献',
      '2:4.1 服务行业企业',
      '1:5 面临挑战',
      '2:挑战一：产教融合深度不够',
      '2:挑战二：高层次人才不足',
      '2:挑战三：国际化水平不高',
      '1:附表',
    ]);
    expect(new Set(m.toc.map((e) => e.anchor)).size).toBe(m.toc.length);
    for (const e of m.toc) expect(e.anchor).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('builds the six appendix tables from the values: two year columns, units, 其中 rows, decimals, 「—」', () => {
    const a = m.appendix;
    expect(a.tables.map((t) => t.captionLine)).toEqual([
      '附表 1 人才培养质量计分卡',
      '附表 2 满意度调查表',
      '附表 3 教学资源表',
      '附表 4 服务贡献表',
      '附表 5 国际影响表',
      '附表 6 落实政策表',
    ]);
    const score = a.tables[0];
    expect(score?.columns).toEqual(['序号', '指标', '单位', '2023年', '2024年']);
    expect(score?.rows.map((r) => [r.no, r.name, r.indent, r.unit, ...r.values])).toEqual([
      ['1', '毕业生人数', 0, '人', '3120', '3305'],
      ['', '其中：毕业去向落实人数', 1, '人', '2950', '3126'],
      ['', '本省就业人数', 1, '人', '2100', '2290'],
      ['2', '毕业去向落实率', 0, '%', '94.55', '94.59'],
      ['3', '毕业生月收入', 0, '元', '4012.30', '4000.85'],
    ]);
    // 0 is a value, null is missing: 0 and 「—」, never the other way round
    expect(a.tables[4]?.rows[0]?.values).toEqual(['0', '—']);
    expect(a.tables[5]?.rows[0]?.values).toEqual(['13396.58', '14002.00']);
  });

  it('is plain serialisable data (the preview gets the same model through JSON)', () => {
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('counts what it built', () => {
    expect(m.stats).toMatchObject({
      chapters: 5,
      cases: 2,
      figures: 6,
      photos: 4,
      charts: 2,
      tables: 1,
      appendixTables: 6,
    });
  });

  it('leaves out an optional chapter with nothing in it, keeps a required one', () => {
    const ws2: Workspace = structuredClone(ws);
    const ov = ws2.chapters.find((c) => c.key === 'overview');
    if (!ov) throw new Error('fixture');
    ov.intro = '';
    const ovSections = new Set(ws2.sections.filter((s) => s.chapterId === ov.id).map((s) => s.id));
    ws2.blocks = ws2.blocks.filter((b) => !ovSections.has(b.sectionId));
    const m2 = buildReportModel(ws2, fw);
    expect(m2.chapters.map((c) => c.heading)).toEqual(['1 人才培养', '2 国际合作', '3 服务贡献', '4 面临挑战']);
    expect(figures(m2)[0]?.label).toBe('图 1-1');
  });

  it('falls back to the outline when the year has no chapters yet, and uses the previous year columns', () => {
    const m2 = buildReportModel(ws, fw, { year: 2023, date: '2024年1月' });
    expect(m2.cover.date).toBe('2024年1月');
    expect(m2.chapters.map((c) => c.title)).toEqual([
      '人才培养',
      '服务贡献',
      '文化传承',
      '国际合作',
      '产教融合',
      '发展保障',
      '面临挑战',
    ]);
    expect(m2.appendix.tables[0]?.columns.slice(3)).toEqual(['2022年', '2023年']);
    expect(m2.appendix.tables[0]?.rows[0]?.values).toEqual(['—', '3120']);
  });

  it('is deterministic', () => {
    expect(buildReportModel(ws, fw)).toEqual(m);
  });
});

describe('report text rules', () => {
  it('cleans captions and source lines', () => {
    expect(cleanCaption('  图片说明。 ')).toBe('图片说明');
    expect(cleanCaption('多行\n说明；')).toBe('多行 说明');
    expect(sourceLine('（数据来源：学校教务处）')).toBe('（数据来源：学校教务处）');
    expect(sourceLine('数据来源: 学校教务处。')).toBe('（数据来源：学校教务处）');
    expect(sourceLine('  ')).toBe('');
  });
  it('formats values with decimals and never prints missing as 0', () => {
    expect(formatValue(94.585, 2)).toBe('94.59');
    expect(formatValue(0, 0)).toBe('0');
    expect(formatValue(null, 2)).toBe('—');
    expect(formatValue(undefined, 0)).toBe('—');
    expect(formatValue(-0.001, 2)).toBe('0.00');
  });
  it('writes Chinese ordinals', () => {
    expect([1, 2, 3, 10, 11, 20, 23].map(chineseNumeral)).toEqual(['一', '二', '三', '十', '十一', '二十', '二十三']);
  });
});

describe('buildReportModel on the demo school', () => {
  it('numbers figures, tables and cases 1…k per chapter and prints every stored appendix value', async () => {
    const { buildDemoExport, demoFramework } = await import('../seeds/demo/index');
    const demo = buildDemoExport();
    const dfw = demoFramework();
    const m = buildReportModel(demo, dfw);
    expect(m.chapters.length).toBeGreaterThanOrEqual(7);
    for (const ch of m.chapters) {
      const items = ch.sections.flatMap((s) => s.items);
      const seq = (kind: string, re: RegExp) =>
        items.flatMap((i) => {
          const label = i.kind === kind && 'label' in i ? i.label : '';
          const hit = re.exec(label);
          return hit ? [hit] : [];
        });
      for (const [kind, re] of [
        ['figure', /^图 (\d+)-(\d+)$/],
        ['table', /^表 (\d+)-(\d+)$/],
        ['case', /^【案例 (\d+)-(\d+)】$/],
      ] as const) {
        const hits = seq(kind, re);
        expect(hits.map((h) => Number(h[1]))).toEqual(hits.map(() => ch.number));
        expect(hits.map((h) => Number(h[2]))).toEqual(hits.map((_, k) => k + 1));
      }
    }
    for (const f of allItems(m))
      if (f.kind === 'figure' && f.figureKind === 'chart') expect(f.sourceLine).toMatch(/^（数据来源：.+）$/);
    // printing rule (core/report/format.ts printedNumber): head counts and total areas print whole when whole and
    // with their own decimals (up to the framework's) when typed with a fraction; the rest with their decimals
    const byId = new Map(dfw.tables.flatMap((t) => t.indicators.map((i) => [i.id, i] as const)));
    expect(printsWhole(byId.get('students_equivalent')!)).toBe(true);
    expect(printsWhole(byId.get('books_per_student')!)).toBe(false);
    // ratios without a unit (生师比) are printed as 15.35:1
    const ratio = new Set(
      dfw.tables.flatMap((t) => t.indicators.filter((i) => i.type === 'ratio' && !i.unit).map((i) => i.id)),
    );
    expect(ratio.has('student_teacher_ratio')).toBe(true);
    let checked = 0;
    for (const t of m.appendix.tables) {
      for (const r of t.rows) {
        t.years.forEach((y, k) => {
          const stored = demo.values.find((v) => v.year === y && v.indicatorId === r.indicatorId)?.value;
          const ind = byId.get(r.indicatorId)!;
          const fixed = formatValue(stored ?? null, ind.decimals);
          const text = printsWhole(ind) && fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
          expect(r.values[k]).toBe(ratio.has(r.indicatorId) && stored != null ? `${text}:1` : text);
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
