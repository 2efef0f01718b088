/**
 * Narrative numbers against the shipped frameworks: a longer known indicator name wins over a shorter one inside it
 * (「本省去向落实率」 is not 去向落实率, 「具有研究生学位的专任教师」 is not 专任教师), while true mismatches are still flagged.
 * Demo 2024: 毕业去向落实率 90.98 %, 本省去向落实率 72.46 %, 专任教师 706, 具有研究生学位的专任教师 328.
 */
import { describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import type { Workspace } from '../core/model';
import { compileFramework } from '../core/validate/compile';
import { validateWorkspace } from '../core/validate/engine';
import { scanNarrative } from '../core/validate/narrative';
import { buildDemoExport } from '../seeds/demo/index';

const RULE = 'narrative.key_numbers';

/** The demo with one paragraph's text replaced. */
function demoWith(text: string): Workspace {
  const ws = structuredClone(buildDemoExport()) as Workspace;
  const chapters = new Set(ws.chapters.filter((c) => c.year === ws.profile.reportYear).map((c) => c.id));
  const sectionIds = new Set(ws.sections.filter((s) => chapters.has(s.chapterId)).map((s) => s.id));
  const block = ws.blocks.find((b) => sectionIds.has(b.sectionId) && b.content.kind === 'paragraph')!;
  block.content = { kind: 'paragraph', lead: '', text };
  return ws;
}

function narrativeFindings(text: string): string[] {
  const ws = demoWith(text);
  const r = validateWorkspace(ws, getFramework(ws.framework.id));
  return r.findings.filter((f) => f.ruleId === RULE).map((f) => f.message);
}

describe('narrative numbers with the shipped 高职 framework', () => {
  it('the demo itself has no errors and no warnings', () => {
    const ws = structuredClone(buildDemoExport()) as Workspace;
    const r = validateWorkspace(ws, getFramework(ws.framework.id));
    expect(r.summary.error).toBe(0);
    expect(r.summary.warning).toBe(0);
    expect(r.ruleStatus[RULE]).toBe('pass');
  });

  it('a longer indicator name is never read as the shorter one inside it', () => {
    for (const text of [
      '2024届毕业生本省去向落实率 72.46%，持续服务地方。',
      '学校本省去向落实率 72.46%。',
      '具有研究生学位的专任教师 328人，占比持续提高。',
      '学校具有研究生学位的专任教师328人。',
      '学校女专任教师 380 人。',
      '学校外聘专任教师 12 人。',
    ]) {
      expect(narrativeFindings(text), text).toEqual([]);
    }
  });

  it('true mismatches are still flagged, next to the longer names', () => {
    expect(narrativeFindings('2024届毕业生毕业去向落实率 91.50%。')).toEqual([
      '正文写「毕业去向落实率」为91.50%，数据表中2024年为90.98%。',
    ]);
    expect(narrativeFindings('本省去向落实率 72.46%，去向落实率 91.50%。')).toHaveLength(1);
    expect(narrativeFindings('学校现有专任教师 700 人，其中具有研究生学位的专任教师 328 人。')).toEqual([
      '正文写「专任教师数」为700人，数据表中2024年为706人。',
    ]);
    // the right values stay silent
    expect(narrativeFindings('毕业去向落实率 90.98%，专任教师 706 人。')).toEqual([]);
  });
});

describe('narrative matcher of the 中职 framework', () => {
  const cf = compileFramework(getFramework('cn-2024-zhongzhi'));
  const matcher = cf.rules.find((r) => r.rule.id === RULE)!.narrative!;
  const ids = (text: string) => scanNarrative(text, matcher, 2024).map((h) => `${h.indicatorId}=${h.writtenText}`);

  it('knows every indicator name, reports only the rule’s indicators', () => {
    expect(ids('本省去向落实率 80.5%。')).toEqual([]);
    expect(ids('具有高级专业技术职务的专任教师 40 人。')).toEqual([]);
    expect(ids('毕业去向落实率 96.5%。')).toEqual(['grad_placement_rate=96.5%']);
    expect(ids('专任教师 120 人。')).toEqual(['teachers_fulltime=120人']);
    expect(ids('学生“双证书”获取率 92%。')).toEqual(['dual_certificate_rate=92%']);
    // 升学比例（升入高等院校）is written 升学比例
    expect(ids('升学比例 65.2%。')).toEqual(['grad_further_study_rate=65.2%']);
  });
});
