/**
 * Bench: a district review of 200 schools' workspaces — 160 高职 copies of the demo school (with its 10 photos,
 * ~2 MB each, values scaled and graduates shifted so every school differs) and 40 中职 schools from the review
 * test fixtures. The files are generated once into a temp dir (kept between runs; QAR_BENCH_FRESH=1 rebuilds).
 * Timed: open read-only + sha256 before/after + validate + aggregate + matrix (the review), the .xlsx, the .docx
 * summary, and the district draft .docx. Target: review incl. xlsx ≤ 10 s on the 2-core machine.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderChartPng } from '../../core/charts/render-node';
import { writeReportDocx } from '../../core/docx/write';
import { getFramework } from '../../core/framework/registry';
import type { WorkspaceExport } from '../../core/model';
import { buildDistrictDraft, buildDistrictReportModel } from '../../core/review/district';
import { expandInputs, loadForReview } from '../../core/review/load';
import { reviewWorkspaces } from '../../core/review/review';
import { buildReviewReportModel } from '../../core/review/summary-docx';
import { writeReviewXlsx } from '../../core/review/xlsx';
import { writeExportAsWorkspace } from '../../core/service';
import { buildDemoExport } from '../../seeds/demo/index';
import { schoolExport } from '../../tests/fixtures/review/schools';

export const name = '区域审阅（200 所学校）';

const COUNT_GZ = 160;
const COUNT_ZZ = 40;
const TARGET_MS = 10_000;

/** The demo school with its photos, scaled by k and with `move` graduates shifted to 待就业 each year. */
function variedDemo(base: WorkspaceExport, i: number): WorkspaceExport {
  const k = 1 + (i % 4) * 0.25;
  const move = (i * 7) % 200;
  const fw = getFramework('cn-2024-gaozhi');
  const scaled = new Set(
    fw.tables.flatMap((t) =>
      t.indicators
        .filter((ind) => !ind.formula && (ind.type === 'count' || (ind.type === 'money' && ind.unit.includes('万'))))
        .map((ind) => ind.id),
    ),
  );
  const typeOf = new Map(fw.tables.flatMap((t) => t.indicators).map((x) => [x.id, x.type]));
  const values = base.values.map((v) => {
    if (v.value === null || !scaled.has(v.indicatorId)) return v;
    let value = typeOf.get(v.indicatorId) === 'count' ? Math.round(v.value * k) : Math.round(v.value * k * 100) / 100;
    if (v.indicatorId === 'grad_contract') value -= move;
    if (v.indicatorId === 'grad_unplaced') value += move;
    return { ...v, value };
  });
  return {
    ...base,
    profile: { ...base.profile, name: `示例第${i + 1}职业技术学院`, code: `G${String(i + 1).padStart(4, '0')}` },
    values,
  };
}

function generate(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const demo = buildDemoExport();
  const zz = getFramework('cn-2024-zhongzhi');
  for (let i = 0; i < COUNT_GZ; i++)
    writeExportAsWorkspace(variedDemo(demo, i), join(dir, `g${String(i).padStart(3, '0')}.qar`));
  for (let i = 0; i < COUNT_ZZ; i++) {
    const exp = schoolExport(
      {
        name: `示例第${i + 1}中等职业学校`,
        code: `Z${String(i + 1).padStart(4, '0')}`,
        level: '中职',
        scale: 1 + (i % 3),
        moveToUnplaced: (i * 3) % 50,
      },
      zz,
    );
    writeExportAsWorkspace(exp, join(dir, `z${String(i).padStart(3, '0')}.qar`));
  }
  writeFileSync(join(dir, 'READY'), 'ok');
}

function line(label: string, ms: number, target?: number): void {
  const t =
    target === undefined ? '' : `（目标 ≤ ${(target / 1000).toFixed(0)} s，${ms <= target ? '达标' : '未达标'}）`;
  console.log(`${label}: ${(ms / 1000).toFixed(2)} s${t}`);
}

export async function run(): Promise<void> {
  const dir = join(tmpdir(), 'qar-bench-review-200');
  if (process.env.QAR_BENCH_FRESH === '1') rmSync(dir, { recursive: true, force: true });
  if (!existsSync(join(dir, 'READY'))) {
    rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    generate(dir);
    line(`生成 ${COUNT_GZ + COUNT_ZZ} 个工作区（一次性，之后复用）`, performance.now() - t0);
  }
  const paths = expandInputs([dir]);
  const mb = paths.reduce((a, p) => a + statSync(p).size, 0) / 1024 / 1024;
  console.log(`输入：${paths.length} 个 .qar，共 ${mb.toFixed(0)} MB（${readdirSync(dir).length - 1} 个文件）`);

  const t0 = performance.now();
  const loaded = await loadForReview(paths);
  const tLoad = performance.now();
  const s = reviewWorkspaces(loaded, { resolveFramework: (ref) => getFramework(ref.id) });
  const tReview = performance.now();
  const xlsx = await writeReviewXlsx(s);
  const tXlsx = performance.now();
  line('  打开（只读）+ 读取 + 审阅前后 SHA-256', tLoad - t0);
  line('  校验 + 合规矩阵 + 区域汇总', tReview - tLoad);
  line(`  写 .xlsx（${(xlsx.length / 1024).toFixed(0)} KB）`, tXlsx - tReview);
  line('审阅 200 所学校，含 .xlsx', tXlsx - t0, TARGET_MS);
  const unchanged = s.files.every((f) => f.sha256Before !== '' && f.sha256Before === f.sha256After);
  console.log(
    `  审阅 ${s.schools.length} 所，跳过 ${s.files.length - s.schools.length} 个；规则列 ${s.matrix.rules.length}；问题 ${s.findings.length} 条；文件均未改动：${unchanged ? '是' : '否'}`,
  );

  const t1 = performance.now();
  const docx = await writeReportDocx(buildReviewReportModel(s, { name: '示例区' }), {
    assetBytes: () => Buffer.alloc(0),
    renderChart: () => Promise.resolve(Buffer.alloc(0)),
  });
  line(`审阅汇总 .docx（${(docx.length / 1024).toFixed(0)} KB）`, performance.now() - t1);

  const t2 = performance.now();
  const draft = buildDistrictDraft(
    s.schools.map((x) => ({ ws: x.ws })),
    {
      name: '示例区',
      year: s.year,
      aggregates: s.aggregates,
      frameworks: { 高职: getFramework('cn-2024-gaozhi'), 中职: getFramework('cn-2024-zhongzhi') },
      now: s.createdAt,
    },
  );
  const model = buildDistrictReportModel(draft.export, draft.framework, s.year);
  const ddocx = await writeReportDocx(model, {
    assetBytes: (id) => Buffer.from(draft.export.assetData[id] ?? '', 'base64'),
    renderChart: (spec, size) => renderChartPng(spec, { ...size, showTitle: false }),
  });
  line(
    `区域报告草稿 .docx（案例备选 ${draft.cases} 个，图表 ${model.stats.charts} 幅，${(ddocx.length / 1024 / 1024).toFixed(1)} MB）`,
    performance.now() - t2,
  );
}
