/**
 * The review summary's cover and running header when the reviewer names no region: the region all the reviewed
 * schools' files name (as the district draft does), or, when they name none or differ, nothing rather than
 * 「本地区」, which reads as if it were a name: the title alone, no 编制单位.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSummary } from '../core/review/review';
import { buildReviewReportModel } from '../core/review/summary-docx';
import { summaryDocx } from '../core/review/write-summary';
import { reviewDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-summary-cover-');
let s: ReviewSummary;

beforeAll(async () => {
  ({ summary: s } = await reviewDistrictSet(tmp.dir));
});
afterAll(() => tmp.cleanup());

async function texts(docx: Buffer): Promise<{ body: string; headers: string }> {
  const zip = await JSZip.loadAsync(docx);
  const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const body = text((await zip.file('word/document.xml')?.async('string')) ?? '');
  const names = Object.keys(zip.files).filter((n) => /^word\/header\d*\.xml$/.test(n));
  const headers = (await Promise.all(names.map((n) => zip.file(n)?.async('string') ?? ''))).map(text).join('|');
  return { body, headers };
}

/** The same summary with one school's file naming another region. */
function mixedRegions(): ReviewSummary {
  const m = structuredClone(s);
  const one = m.files.find((f) => f.status === 'reviewed' && f.school);
  if (one?.school) one.school.region = '重庆市另一区';
  return m;
}

describe('the review summary without a region name', () => {
  it('takes the region every reviewed school names', async () => {
    const regions = new Set(s.files.flatMap((f) => (f.school ? [f.school.region] : [])));
    expect([...regions]).toEqual(['重庆市示例区']);
    expect(buildReviewReportModel(s).meta.fullTitle).toBe('重庆市示例区职业学校质量年度报告审阅汇总（2024年度）');
    const { body, headers } = await texts(await summaryDocx(s));
    expect(body).toContain('编制单位：重庆市示例区');
    expect(headers).toContain('重庆市示例区职业学校质量年度报告审阅汇总（2024年度）');
  });

  it('schools of different regions: the cover and the running header without pretending 「本地区」 is a name', async () => {
    const mixed = mixedRegions();
    const m = buildReviewReportModel(mixed);
    expect(m.meta.fullTitle).toBe('职业学校质量年度报告审阅汇总（2024年度）');
    const { body, headers } = await texts(await summaryDocx(mixed));
    expect(body.includes('本地区'), '「本地区」 in the document').toBe(false);
    expect(headers.includes('本地区'), '「本地区」 in a running header').toBe(false);
    expect(headers).toContain('职业学校质量年度报告审阅汇总（2024年度）');
    // no 编制单位 with nothing (or a stand-in) after it; the date stays
    expect(body.includes('编制单位'), '编制单位 without a unit').toBe(false);
    expect(body).toContain('编制日期：2025年2月');
  });

  it('names the region the reviewer gives, on the cover and as 编制单位', async () => {
    const { body, headers } = await texts(await summaryDocx(s, '示例区'));
    expect(body).toContain('编制单位：示例区');
    expect(headers).toContain('示例区职业学校质量年度报告审阅汇总（2024年度）');
  });
});
