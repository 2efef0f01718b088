/** 图片: a photo with its caption (图 X-Y is numbered in the report). */
import type { Block, BlockContent } from '../../../core/model';
import { useApp } from '../../store/app';
import { editBlock } from '../../store/writing';
import { AssetImage } from './AssetImage';
import { CaptionField } from './CaptionField';

type Content = Extract<BlockContent, { kind: 'photo' }>;

export function PhotoEditor({ block, content }: { block: Block; content: Content }) {
  const ro = useApp((s) => s.session?.readOnly ?? true);
  return (
    <figure className="photo-editor">
      <AssetImage assetId={content.assetId} alt={content.caption || '图片'} className="photo" />
      <figcaption>
        <span className="fig-label">图</span>
        <CaptionField
          value={content.caption}
          readOnly={ro}
          placeholder="图题，例如：学校与企业共建实训基地揭牌仪式"
          label="图题"
          onChange={(caption) => editBlock(block.id, { ...content, caption })}
        />
      </figcaption>
    </figure>
  );
}
