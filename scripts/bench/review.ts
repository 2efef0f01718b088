/**
 * Bench: district review at growing scale. Workspaces: 4 of every 5 are 高职 copies of the demo school (with its
 * 10 photos, ~2 MB each, values scaled and graduates shifted so every school differs), 1 of 5 a 中职 school from
 * the review test fixtures; generated once into the temp folder (an atomic, hash-checked fixture; QAR_BENCH_FRESH=1
 * rebuilds).
 *  - growth curve: the whole `qar review FILES… --out SUMMARY.xlsx` process (bundled CLI) for each size in
 *    QAR_BENCH_REVIEW_SIZES (default 20,100; issue #16 asks for 20,100,400,1000): time and peak RSS (GNU time).
 *    Target (issue #16, for a later wave): 1 000 schools ≤ 10 s and ≤ 300 MB.
 *  - where the time goes, in process on the first 100: open read-only + sha256 before/after, validate + matrix +
 *    aggregates, the .xlsx, the .docx summary and the district draft.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderChartPng } from '../../core/charts/render-node';
import { writeReportDocx } from '../../core/docx/write';
import { getFramework } from '../../core/framework/registry';
import type { WorkspaceExport } from '../../core/model';
import { buildDistrictDraft, buildDistrictReportModel } from '../../core/review/district';
import { loadForReview } from '../../core/review/load';
import { reviewWorkspaces } from '../../core/review/review';
import { buildReviewReportModel } from '../../core/review/summary-docx';
import { writeReviewXlsx } from '../../core/review/xlsx';
import { writeExportAsWorkspace } from '../../core/service';
import { latestSchemaVersion } from '../../db/migrate';
import { buildDemoExport } from '../../seeds/demo/index';
import { schoolExport } from '../../tests/fixtures/review/schools';
import { ensureCliBundle, ROOT } from '../cli-bundle.mjs';
import { ensureFixture } from './lib/fixture';
import { NODE, runProc } from './lib/measure';

export const name = '区域审阅（规模增长曲线，整进程）';

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

const fileName = (i: number) => `${i % 5 === 4 ? 'z' : 'g'}${String(i).padStart(4, '0')}.qar`;

function generate(dir: string, count: number): void {
  const demo = buildDemoExport();
  const zz = getFramework('cn-2024-zhongzhi');
  for (let i = 0; i < count; i++) {
    const exp =
      i % 5 === 4
        ? schoolExport(
            {
              name: `示例第${i + 1}中等职业学校`,
              code: `Z${String(i + 1).padStart(4, '0')}`,
              level: '中职',
              scale: 1 + (i % 3),
              moveToUnplaced: (i * 3) % 50,
            },
            zz,
          )
        : variedDemo(demo, i);
    writeExportAsWorkspace(exp, join(dir, fileName(i)));
  }
}

function line(label: string, ms: number, target?: number): void {
  const t =
    target === undefined ? '' : `（目标 ≤ ${(target / 1000).toFixed(0)} s，${ms <= target ? '达标' : '未达标'}）`;
  console.log(`${label}: ${(ms / 1000).toFixed(2)} s${t}`);
}

function sizes(): number[] {
  const raw = process.env.QAR_BENCH_REVIEW_SIZES ?? '20,100';
  const list = raw
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  return list.length ? [...new Set(list)].sort((a, b) => a - b) : [20, 100];
}

export async function run(): Promise<void> {
  await ensureCliBundle();
  const ns = sizes();
  const max = ns.at(-1) as number;
  const fx = await ensureFixture(`qar-bench-review-v2-n${max}-schema${latestSchemaVersion()}`, max, (dir) =>
    generate(dir, max),
  );
  if (fx.built) line(`生成 ${max} 个工作区（一次性，之后复用）`, fx.ms);
  const all = Array.from({ length: max }, (_, i) => join(fx.dir, fileName(i)));

  // growth curve: whole processes
  const out = mkdtempSync(join(tmpdir(), 'qar-bench-review-out-'));
  try {
    console.log('qar review 整进程（打包的命令行，输出 .xlsx）：');
    let prev: { n: number; ms: number; rss: number } | undefined;
    for (const n of ns) {
      const files = all.slice(0, n);
      const mb = files.reduce((a, p) => a + statSync(p).size, 0) / 1024 / 1024;
      const r = await runProc(
        {
          label: `review ${n}`,
          cmd: NODE,
          args: [join(ROOT, 'out/cli/cli.mjs'), 'review', ...files, '--out', join(out, `review-${n}.xlsx`)],
        },
        { rss: true },
      );
      const rss = r.maxRssMb ?? Number.NaN;
      const slope = prev
        ? `；比上一档每多一所 +${((r.ms - prev.ms) / (n - prev.n)).toFixed(1)} ms、+${((rss - prev.rss) / (n - prev.n)).toFixed(2)} MB`
        : '';
      console.log(
        `  ${String(n).padStart(5)} 所（${mb.toFixed(0)} MB）：${(r.ms / 1000).toFixed(2)} s，峰值内存 ${rss.toFixed(0)} MB，` +
          `每所 ${(r.ms / n).toFixed(1)} ms${slope}`,
      );
      prev = { n, ms: r.ms, rss };
    }
    console.log('  （目标，后续：1000 所 ≤ 10 s 且 ≤ 300 MB）');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }

  // where the time goes, in process
  const paths = all.slice(0, Math.min(100, max));
  const t0 = performance.now();
  const loaded = await loadForReview(paths);
  const tLoad = performance.now();
  const s = reviewWorkspaces(loaded, { resolveFramework: (ref) => getFramework(ref.id) });
  const tReview = performance.now();
  const xlsx = await writeReviewXlsx(s);
  const tXlsx = performance.now();
  console.log(`进程内分段（${paths.length} 所）：`);
  line('  打开（只读）+ 读取 + 审阅前后 SHA-256', tLoad - t0);
  line('  校验 + 合规矩阵 + 区域汇总', tReview - tLoad);
  line(`  写 .xlsx（${(xlsx.length / 1024).toFixed(0)} KB）`, tXlsx - tReview);
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
