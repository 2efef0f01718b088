/**
 * `qar new --from LAST.qar --year Y --out NEW.qar` on real files through the CLI: the demo school (2024年度)
 * becomes a 2025年度 workspace on the 2025 edition with the 2023–2024 values, last year's outline (not its
 * text), last year's text as reference beside the matching sections, the case titles as a library, photos only
 * on request, and the origin recorded. Last year's file is never changed (sha256 before and after).
 */
import { existsSync, linkSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../core/service';
import { buildDemoExport, DEMO_REPORT_YEAR } from '../seeds/demo/index';
import { runCli } from './helpers/cli';
import { makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-next-year-');
const demo = join(tmp.dir, '示例学校2024.qar');
let demoSha: string;

beforeAll(() => {
  expect(runCli(['demo', '--out', demo]).code).toBe(0);
  demoSha = sha256File(demo);
});
afterAll(() => tmp.cleanup());

async function read(path: string) {
  const s = await openWorkspace(path, { readonly: true });
  try {
    return s.getWorkspace();
  } finally {
    s.close();
  }
}

describe('qar new --from', () => {
  it('gives a 2025年度 workspace on the 2025 edition with the earlier values, the outline and last year’s text as reference', {
    timeout: 180_000,
  }, async () => {
    const out = join(tmp.dir, '示例学校2025.qar');
    const r = runCli(['new', '--from', demo, '--year', '2025', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2025年度');
    // the edition by its name (core/framework/name.ts); the id is checked in the file below
    expect(r.stdout).toContain('《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（版本 2025.1）');
    expect(r.stdout).toContain('带入 2023年、2024年的数据');
    expect(r.stdout).toContain('新报告只比较 2023–2025 三年');
    expect(sha256File(demo)).toBe(demoSha);

    const ws = await read(out);
    const last = buildDemoExport();
    expect(ws.profile).toMatchObject({ ...last.profile, reportYear: 2025 });
    expect(ws.framework).toEqual({ id: 'cn-2025-gaozhi', version: '2025.1' });
    expect(ws.years.map((y) => y.year)).toEqual([2023, 2024, 2025]);

    // the earlier years' values, as they were; nothing of 2022 and nothing for 2025 yet
    const key = (v: { year: number; indicatorId: string }) => `${v.year}|${v.indicatorId}`;
    const lastValues = new Map(last.values.map((v) => [key(v), v]));
    expect(ws.values.length).toBe(last.values.filter((v) => v.year >= 2023).length);
    for (const v of ws.values) {
      expect([2023, 2024]).toContain(v.year);
      const was = lastValues.get(key(v));
      expect(was, key(v)).toBeDefined();
      expect([v.value, v.note, v.source]).toEqual([was?.value, was?.note, was?.source]);
    }
    // and the change log says where they came from
    const db = new Database(out, { readonly: true });
    try {
      const how = db.prepare('SELECT DISTINCT how FROM change_log').all() as { how: string }[];
      expect(how).toEqual([{ how: 'carry' }]);
    } finally {
      db.close();
    }

    // the outline: last year's chapters and sections, for 2025, with no text
    const lastChapters = last.chapters.filter((c) => c.year === DEMO_REPORT_YEAR).sort((a, b) => a.order - b.order);
    const chapters = ws.chapters.filter((c) => c.year === 2025).sort((a, b) => a.order - b.order);
    expect(chapters.map((c) => [c.key, c.title])).toEqual(lastChapters.map((c) => [c.key, c.title]));
    expect(chapters.every((c) => c.intro === '')).toBe(true);
    expect(ws.sections.length).toBe(last.sections.length);
    expect(ws.blocks).toEqual([]);

    // last year's text beside the same section (read-only reference, not content)
    const moral = ws.sections.find((s) => s.key === 'talent.moral');
    const ref = ws.references?.find((x) => x.sectionId === moral?.id);
    expect(ref).toMatchObject({
      year: 2024,
      chapterKey: 'talent',
      sectionKey: 'talent.moral',
      sectionTitle: '立德树人',
    });
    expect(ref?.items.map((i) => i.kind)).toEqual(['paragraph', 'case', 'photo']);
    expect(ref?.items[0]?.title).toBe('建强思政课教师队伍，思政课程育人实效增强。');
    // photos were not asked for: the caption is kept, no image
    expect(ref?.items[2]?.assetId).toBeUndefined();
    expect(ws.assets).toEqual([]);
    const intro = ws.references?.find((x) => x.chapterKey === 'talent' && x.sectionId === null);
    expect(intro?.items[0]?.text).toContain('坚持立德树人根本任务');

    // case titles as a library
    const lastCases = last.blocks.flatMap((b) => (b.content.kind === 'case' ? [b.content.title] : []));
    expect(ws.caseLibrary?.map((c) => c.title).sort()).toEqual([...lastCases].sort());
    expect(ws.caseLibrary?.every((c) => c.year === 2024)).toBe(true);

    // where it came from
    expect(ws.origin).toMatchObject({
      fileName: '示例学校2024.qar',
      sha256: demoSha,
      school: last.profile.name,
      year: 2024,
    });
    const info = runCli(['info', out]);
    expect(info.stdout).toContain('来自上一年度：「示例学校2024.qar」');

    // it is an ordinary workspace: it validates (exit 1: 2025's data and text are still to be written)
    const v = runCli(['validate', out, '--json']);
    expect(v.code).toBe(1);
    const findings = (JSON.parse(v.stdout) as { findings: { ruleId: string; location: { year?: number } }[] }).findings;
    expect(findings.some((f) => f.ruleId === 'builtin.required' && f.location.year === 2025)).toBe(true);
    expect(findings.some((f) => f.ruleId === 'builtin.required' && f.location.year === 2024)).toBe(false);
    expect(sha256File(demo)).toBe(demoSha);
  });

  it('brings last year’s photos only on request, next to the text they belonged to', { timeout: 180_000 }, async () => {
    const out = join(tmp.dir, '带照片.qar');
    const r = runCli(['new', '--from', demo, '--out', out, '--with-photos']);
    expect(r.code, r.stderr).toBe(0);
    const ws = await read(out);
    expect(ws.profile.reportYear).toBe(2025);
    const used = new Set(
      buildDemoExport().blocks.flatMap((b) =>
        b.content.kind === 'photo'
          ? [b.content.assetId]
          : b.content.kind === 'case'
            ? b.content.photos.map((p) => p.assetId)
            : [],
      ),
    );
    expect(new Set(ws.assets.map((a) => a.id))).toEqual(used);
    const photos = (ws.references ?? []).flatMap((x) => x.items).filter((i) => i.kind === 'photo');
    expect(photos.length).toBeGreaterThan(0);
    for (const p of photos) expect(used.has(p.assetId ?? '')).toBe(true);
    expect(sha256File(demo)).toBe(demoSha);
  });

  it('a year later than the next: the edition of that year, two earlier years’ values where last year had them', {
    timeout: 180_000,
  }, async () => {
    const out = join(tmp.dir, '隔年.qar');
    const r = runCli(['new', '--from', demo, '--year', '2026', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const ws = await read(out);
    expect(ws.framework.id).toBe('cn-2026-gaozhi');
    expect(ws.years.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    expect(new Set(ws.values.map((v) => v.year))).toEqual(new Set([2024]));
  });

  it('refuses a year not after last year’s, and wrong option mixes, in one Chinese line; nothing written', {
    timeout: 180_000,
  }, () => {
    const out = join(tmp.dir, '不该存在.qar');
    for (const args of [
      ['new', '--from', demo, '--year', '2024', '--out', out],
      ['new', '--from', demo, '--year', '二〇二五', '--out', out],
      ['new', '--from', demo, '--name', '别的学校', '--out', out],
      ['new', '--from', join(tmp.dir, '没有这个文件.qar'), '--out', out],
      ['new', '--with-photos', '--name', '某校', '--level', '高职', '--out', out],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/[\u4e00-\u9fa5]/);
      expect(existsSync(out)).toBe(false);
    }
    expect(runCli(['new', '--from', demo, '--year', '2024', '--out', out]).stderr).toContain(
      '应晚于上一年度文件的报告年度（2024年度）',
    );
    expect(sha256File(demo)).toBe(demoSha);
  });

  it('never overwrites last year’s file', { timeout: 180_000 }, () => {
    const r = runCli(['new', '--from', demo, '--out', demo, '--replace']);
    expect(r.code).toBe(2);
    expect(sha256File(demo)).toBe(demoSha);
    expect(r.stderr).toContain('不能覆盖上一年度的文件');
    const same = runCli(['new', '--from', demo, '--out', demo]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/已存在|不能覆盖/);
    expect(sha256File(demo)).toBe(demoSha);
    // the same file by another name: a hard link (and so any spelling of the path) is still last year's file
    const link = join(dirname(demo), '链接.qar');
    linkSync(demo, link);
    try {
      const linked = runCli(['new', '--from', demo, '--out', link, '--replace']);
      expect(linked.code).toBe(2);
      expect(linked.stderr).toContain('不能覆盖上一年度的文件');
      expect(sha256File(demo)).toBe(demoSha);
    } finally {
      rmSync(link);
    }
  });

  it('replaces another file only when told to, and says how', { timeout: 180_000 }, () => {
    const other = join(dirname(demo), '另一个.qar');
    const made = runCli(['new', '--out', other, '--name', '别的学校', '--level', '中职', '--year', '2026']);
    expect(made.code, made.stderr).toBe(0);
    const before = sha256File(other);
    const refused = runCli(['new', '--from', demo, '--out', other]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/「另一个\.qar」已存在.*没有写入.*如确定要覆盖，请加上 --replace。/);
    expect(sha256File(other)).toBe(before);
    const replaced = runCli(['new', '--from', demo, '--out', other, '--replace']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(sha256File(other)).not.toBe(before);
    expect(runCli(['info', other]).stdout).toContain('2025年度');
    expect(sha256File(demo)).toBe(demoSha);
  });
});
