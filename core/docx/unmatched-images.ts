/**
 * What an export says of images whose bytes differed from the sha256 recorded for them, in a file whose structure
 * passed its check (WorkspaceSession.checkedAssets): `qar report` prints it, the app's export adds it to its note.
 */
import type { AssetMeta } from '../model';

export function unmatchedImagesNotice(images: readonly Pick<AssetMeta, 'id' | 'caption'>[]): string {
  const names = images.slice(0, 5).map((a) => (a.caption.trim() ? `「${a.caption.trim()}」` : `编号 ${a.id}`));
  const more = images.length > 5 ? `等 ${images.length} 张` : '';
  return `注意：图片${names.join('、')}${more}的内容与保存时记录的校验值不符（文件的结构检查正常），已按文件中现有的图片导出。请在报告中核对这些图片，有问题时在应用中重新插入。`;
}
