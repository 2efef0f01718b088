/**
 * Every picture in an imported workspace JSON passes the image checks of 插入图片 (core/images.ts) before anything
 * is written: a JSON is a file from outside, and a smuggled SVG, program or oversized picture would otherwise sit in
 * the .qar and break every later report without saying which picture. All problems are listed at once, each by
 * image id and caption, in one Chinese line.
 */
import { QarError } from '../errors';
import { storedImageProblem } from '../images';
import type { WorkspaceExport } from '../model';

/** pictures named in the message before 「…另有 N 张」 */
const MAX_LISTED = 8;
/**
 * A year's report has tens of photos; each check decodes the picture (≈ 10–100 ms), so a file with 100 000 tiny
 * pictures would keep the import busy for hours. Refused up front instead.
 */
export const MAX_IMPORT_ASSETS = 2000;

/** Throws QarError BAD_INPUT naming every picture that cannot be taken; resolves when all can. */
export async function checkExportAssets(exp: WorkspaceExport): Promise<void> {
  if (exp.assets.length > MAX_IMPORT_ASSETS) {
    throw new QarError(
      'TOO_LARGE',
      `导入文件中有 ${exp.assets.length} 张图片，超过上限 ${MAX_IMPORT_ASSETS} 张，不像质量年报工作台导出的工作区，没有导入任何内容。`,
    );
  }
  const problems: string[] = [];
  for (const a of exp.assets) {
    const bytes = Buffer.from(exp.assetData[a.id] ?? '', 'base64');
    const why = await storedImageProblem(bytes, a);
    if (why) problems.push(`图片 ${a.id}${a.caption ? `（${a.caption}）` : ''}：${why}`);
  }
  if (problems.length === 0) return;
  const listed = problems.slice(0, MAX_LISTED).join('；');
  const more = problems.length > MAX_LISTED ? `；…另有 ${problems.length - MAX_LISTED} 张` : '';
  throw new QarError(
    'BAD_INPUT',
    `导入文件中有 ${problems.length} 张图片无法使用，没有导入任何内容：${listed}${more}。请在原工作区中删除或重新插入这些图片后再导出。`,
  );
}
