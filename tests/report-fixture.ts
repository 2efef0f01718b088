/**
 * A small but complete workspace + framework for the report tests: preface, chapters with paragraphs, cases
 * with photos, charts, tables, 面临挑战, and the six appendix tables with a 其中 row and a missing value.
 * Photos are real JPEG bytes made with sharp (so the docx writer's downscaling runs for real).
 */
import sharp from 'sharp';
import { type Framework, Framework as FrameworkSchema } from '../core/framework/schema';
import type { Block, BlockContent, Chapter, Section, Workspace } from '../core/model';
import { Workspace as WorkspaceSchema } from '../core/model';

const T = '2024-12-20T10:00:00.000Z';

export function fixtureFramework(): Framework {
  const ind = (id: string, name: string, unit: string, type: string, decimals: number, extra: object = {}) => ({
    id,
    name,
    unit,
    type,
    decimals,
    ...extra,
  });
  return FrameworkSchema.parse({
    format: 'qar-framework',
    formatVersion: 1,
    id: 'test-gaozhi-2024',
    version: '1',
    edition: '2024年度',
    level: '高职',
    title: '测试指标体系（高职，2024年度）',
    documents: {},
    tables: [
      {
        id: 'scorecard',
        name: '人才培养质量计分卡',
        order: 1,
        indicators: [
          ind('grad_total', '毕业生人数', '人', 'count', 0),
          ind('grad_placed', '毕业去向落实人数', '人', 'count', 0, { partOf: 'grad_total' }),
          ind('grad_local', '本省就业人数', '人', 'count', 0, { partOf: 'grad_total' }),
          ind('grad_placement_rate', '毕业去向落实率', '%', 'percent', 2),
          ind('grad_income', '毕业生月收入', '元', 'money', 2),
        ],
      },
      {
        id: 'satisfaction',
        name: '满意度调查表',
        order: 2,
        indicators: [ind('sat_graduates', '毕业生对母校满意度', '%', 'percent', 2)],
      },
      {
        id: 'resources',
        name: '教学资源表',
        order: 3,
        indicators: [
          ind('student_teacher_ratio', '生师比', '', 'ratio', 2),
          ind('dual_teacher_ratio', '“双师型”教师占专任教师比例', '%', 'percent', 2),
        ],
      },
      {
        id: 'service',
        name: '服务贡献表',
        order: 4,
        indicators: [ind('tech_service_income', '横向技术服务到款额', '万元', 'money', 2)],
      },
      {
        id: 'international',
        name: '国际影响表',
        order: 5,
        indicators: [ind('intl_students', '全日制国（境）外留学生人数', '人', 'count', 0)],
      },
      {
        id: 'policy',
        name: '落实政策表',
        order: 6,
        indicators: [ind('funding_per_student', '年生均财政拨款水平', '元', 'money', 2)],
      },
    ],
    rules: [
      {
        id: 'std.ratio',
        kind: 'threshold',
        title: '生师比不高于 18',
        severity: 'warning',
        confidence: 'P',
        expr: 'student_teacher_ratio <= 18',
        indicator: 'student_teacher_ratio',
        reference: 18,
      },
    ],
  });
}

export const FIXTURE_VALUES: Record<number, Record<string, number | null>> = {
  2022: { grad_placement_rate: 93.1, dual_teacher_ratio: 55.2, grad_income: 3900 },
  2023: {
    grad_total: 3120,
    grad_placed: 2950,
    grad_local: 2100,
    grad_placement_rate: 94.55,
    grad_income: 4012.3,
    sat_graduates: 95.1,
    student_teacher_ratio: 17.86,
    dual_teacher_ratio: 57.61,
    tech_service_income: 1507.68,
    intl_students: 0,
    funding_per_student: 13396.58,
  },
  2024: {
    grad_total: 3305,
    grad_placed: 3126,
    grad_local: 2290,
    grad_placement_rate: 94.585,
    grad_income: 4000.85,
    sat_graduates: 95.92,
    student_teacher_ratio: 17.2,
    dual_teacher_ratio: 61.59,
    tech_service_income: 2945.6,
    intl_students: null, // known missing: must print 「—」
    funding_per_student: 14002,
  },
};

/** Photo assets: id → [width, height]. */
export const FIXTURE_PHOTOS: Record<string, [number, number]> = {
  'photo-a': [2400, 1600],
  'photo-b': [1600, 1200],
  'photo-c': [1200, 1600],
};

export function fixtureWorkspace(): Workspace {
  const chapters: Chapter[] = [];
  const sections: Section[] = [];
  const blocks: Block[] = [];
  let blockN = 0;
  const chapter = (key: string, title: string, intro = '') => {
    const c: Chapter = { id: `c-${key}`, year: 2024, key, title, order: chapters.length, intro };
    chapters.push(c);
    return c;
  };
  const section = (c: Chapter, key: string, title: string) => {
    const s: Section = {
      id: `s-${key.replace('.', '-')}`,
      chapterId: c.id,
      key,
      title,
      order: sections.filter((x) => x.chapterId === c.id).length,
    };
    sections.push(s);
    return s;
  };
  const block = (s: Section, content: BlockContent) => {
    blocks.push({
      id: `b-${++blockN}`,
      sectionId: s.id,
      order: blocks.filter((b) => b.sectionId === s.id).length,
      content,
      updatedAt: T,
    });
  };
  const para = (s: Section, lead: string, text: string) => block(s, { kind: 'paragraph', lead, text });

  const pre = chapter('preface', '前言');
  para(
    section(pre, 'preface.main', '前言'),
    '',
    '根据教育部办公厅有关通知要求，学校编制了本年度质量报告。\n报告从人才培养、服务贡献等方面展示学校年度发展状态。',
  );

  const ov = chapter('overview', '学校概况', '学校是一所公办全日制高等职业院校。');
  para(
    section(ov, 'overview.scale', '办学规模'),
    '办学规模稳中有升。',
    '2024年，学校全日制在校生12680人，较上年增加520人。',
  );

  const ta = chapter('talent', '人才培养', '学校坚持立德树人根本任务，人才培养质量稳步提升。');
  const moral = section(ta, 'talent.moral', '立德树人');
  para(moral, '思政育人体系不断完善。', '学校推进“大思政课”建设，开设思政选修课程18门。');
  block(moral, {
    kind: 'case',
    title: '打造红色文化育人品牌，铸魂强基培养时代新人。',
    body: '学校依托地方红色资源，构建“课堂+基地+活动”育人模式。一是……；二是……；三是……。\n2024年，学生参与红色主题实践活动2.3万人次。',
    photos: [
      { assetId: 'photo-a', caption: '学生在红岩革命纪念馆开展现场教学。' },
      { assetId: 'photo-b', caption: '' },
    ],
  });
  const emp = section(ta, 'talent.employment', '就业质量');
  block(emp, {
    kind: 'chart',
    caption: '2022-2024年毕业生毕业去向落实率（%）',
    chartType: 'bar',
    indicators: ['grad_placement_rate'],
    years: [],
    source: '',
  });
  para(emp, '毕业去向落实率保持平稳。', '2024届毕业生毕业去向落实率为94.59%。');
  block(emp, { kind: 'photo', assetId: 'photo-c', caption: '校园招聘会现场' });
  block(emp, {
    kind: 'table',
    caption: '2024年主要合作企业名单。',
    columns: ['序号', '企业名称', '合作内容'],
    rows: [
      ['1', '长安汽车股份有限公司', '订单班'],
      ['2', '比亚迪股份有限公司', '实习基地'],
    ],
    source: '学校招生就业处',
  });
  block(emp, {
    kind: 'chart',
    caption: '生师比',
    chartType: 'line',
    indicators: ['student_teacher_ratio'],
    years: [2023, 2024],
    referenceRuleId: 'std.ratio',
    source: '（数据来源：职业教育质量年报平台教学资源表）',
  });

  // an optional chapter with nothing in it: left out of the document
  chapter('international', '国际合作');

  const sv = chapter('service', '服务贡献', '学校主动服务地方经济社会发展。');
  const svs = section(sv, 'service.industry', '服务行业企业');
  para(svs, '技术服务能力持续增强。', '横向技术服务到款额2945.60万元。');
  block(svs, { kind: 'case', title: '校企共建研发中心', body: '学校与企业共建研发中心。', photos: [] });
  block(svs, { kind: 'photo', assetId: 'photo-missing', caption: '缺失的图片' });

  const chg = chapter('challenges', '面临挑战', '学校发展仍面临一些挑战。');
  const cl = section(chg, 'challenges.list', '挑战与对策');
  block(cl, {
    kind: 'challenge',
    title: '产教融合深度不够',
    problems: '一是合作企业数量偏少；二是合作层次不深。',
    plans: '下一步，学校将拓展合作企业。',
  });
  block(cl, {
    kind: 'challenge',
    title: '高层次人才不足。',
    problems: '高层次人才引进难。',
    plans: '完善人才引进政策。',
  });
  block(cl, { kind: 'challenge', title: '国际化水平不高', problems: '留学生规模小。', plans: '拓展境外合作。' });

  const values = Object.entries(FIXTURE_VALUES).flatMap(([y, vs]) =>
    Object.entries(vs).map(([indicatorId, value]) => ({
      year: Number(y),
      indicatorId,
      value,
      note: '',
      source: '',
      updatedAt: T,
    })),
  );
  const assets = Object.entries(FIXTURE_PHOTOS).map(([id, [width, height]]) => ({
    id,
    mime: 'image/jpeg' as const,
    width,
    height,
    bytes: 1,
    sha256: '0'.repeat(64),
    caption: '',
    credit: '',
    createdAt: T,
  }));
  return WorkspaceSchema.parse({
    profile: {
      name: '重庆示例职业技术学院',
      code: '4150000001',
      level: '高职',
      category: '工科',
      region: '重庆市',
      reportYear: 2024,
    },
    framework: { id: 'test-gaozhi-2024', version: '1' },
    years: [{ year: 2022 }, { year: 2023 }, { year: 2024 }],
    values,
    chapters,
    sections,
    blocks,
    assets,
    comments: [],
  });
}

/** Real JPEG bytes for a fixture photo: a gradient with a few shapes, at the asset's pixel size. */
export async function fixturePhotoBytes(id: string): Promise<Buffer> {
  const [w, h] = FIXTURE_PHOTOS[id] ?? [800, 600];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#3b6ea5"/><stop offset="1" stop-color="#f2c14e"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${w / 3}" cy="${h / 2}" r="${Math.min(w, h) / 5}" fill="#ffffff" fill-opacity="0.6"/>
    <rect x="${w / 2}" y="${h / 4}" width="${w / 4}" height="${h / 2}" fill="#8b1e3f" fill-opacity="0.7"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}
