/** 段落: a bold 段首句 (topic sentence ending in 。) and the text after it. */
import type { Block, BlockContent } from '../../../core/model';
import { countChars, LIMITS } from '../../lib/chars';
import { useApp } from '../../store/app';
import { editBlock } from '../../store/writing';

type Content = Extract<BlockContent, { kind: 'paragraph' }>;

export function ParagraphEditor({ block, content }: { block: Block; content: Content }) {
  const ro = useApp((s) => s.session?.readOnly ?? true);
  const leadLen = countChars(content.lead);
  const set = (patch: Partial<Content>) => editBlock(block.id, { ...content, ...patch });
  const missingStop = content.lead.trim() !== '' && !/[。！？]$/.test(content.lead.trim());
  return (
    <div className="para-editor">
      <label className="lead">
        <span className="field-label">
          段首句
          <span className={leadLen > LIMITS.lead ? 'count over' : 'count'}>{leadLen} 字</span>
          {missingStop && <span className="hint-inline">段首句应以「。」结尾</span>}
        </span>
        <input
          value={content.lead}
          readOnly={ro}
          maxLength={200}
          placeholder="例如：校企共育教师队伍，双师比例逐年上升。"
          onChange={(e) => set({ lead: e.target.value })}
        />
      </label>
      <label>
        <span className="field-label">
          正文<span className="count">{countChars(content.text)} 字</span>
        </span>
        <textarea
          value={content.text}
          readOnly={ro}
          placeholder="写出做法、数据和成效……"
          onChange={(e) => set({ text: e.target.value })}
        />
      </label>
    </div>
  );
}
