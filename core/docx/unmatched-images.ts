/**
 * What an export says of images whose bytes differed from the sha256 recorded for them, in a file whose structure
 * passed its check (WorkspaceSession.checkedAssets): `qar report` prints it, the app's export adds it to its note,
 * a district draft lists it among its warnings for the school whose case photos they are.
 */
import type { AssetMeta } from '../model';

/** 「实训车间」、编号 a1 等 7 张: the images by caption (or id), five at most. */
function imageNames(images: readonly Pick<AssetMeta, 'id' | 'caption'>[]): string {
  const names = images.slice(0, 5).map((a) => (a.caption.trim() ? `「${a.caption.trim()}」` : `编号 ${a.id}`));
  return `${names.join('、')}${images.length > 5 ? `等 ${images.length} 张` : ''}`;
}

/** A district draft's warning for a school whose case photos differ from their record (core/review/load.ts). */
export function unmatchedCaseImagesWarning(
  school: string,
  images: readonly Pick<AssetMeta, 'id' | 'caption'>[],
): string {
  return `「${school}」的案例图片${imageNames(images)}与保存时记录的校验值不符（文件的结构检查正常），已按文件中现有的图片编入草稿，请核对。`;
}

export function unmatchedImagesNotice(images: readonly Pick<AssetMeta, 'id' | 'caption'>[]): string {
  return `注意：图片${imageNames(images)}的内容与保存时记录的校验值不符（文件的结构检查正常），已按文件中现有的图片导出。请在报告中核对这些图片，有问题时在应用中重新插入。`;
}
