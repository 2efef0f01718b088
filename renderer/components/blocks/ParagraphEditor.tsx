/** 段落: a bold 段首句 (topic sentence ending in 。) and the text after it; both may hold bound figures. */
import type { Block, BlockContent } from '../../../core/model';
import { countChars, LIMITS } from '../../lib/chars';
import { useApp } from '../../store/app';
import { usePrintedText } from '../../store/figures';
import { editBlock } from '../../store/writing';
import { FigureTextEditor } from '../figures/FigureTextEditor';

type Content = Extract<BlockContent, { kind: 'paragraph' }>;

export function ParagraphEditor({ block, content }: { block: Block; content: Content }) {
  const ro = useApp((s) => s.session?.readOnly ?? true);
  const lead = usePrintedText(content.lead);
  const text = usePrintedText(content.text);
  const leadLen = countChars(lead);
  // the latest content: the two fields' editors emit between renders
  const latest = () => {
    const b = useApp.getState().session?.workspace.blocks.find((x) => x.id === block.id);
    return b?.content.kind === 'paragraph' ? b.content : content;
  };
  const set = (patch: Partial<Content>) => editBlock(block.id, { ...latest(), ...patch });
  const missingStop = lead.trim() !== '' && !/[。！？]$/.test(lead.trim());
  return (
    <div className="para-editor">
      <div className="lead">
        <span className="field-label">
          段首句
          <span className={leadLen > LIMITS.lead ? 'count over' : 'count'}>{leadLen} 字</span>
          {missingStop && <span className="hint-inline">段首句应以「。」结尾</span>}
        </span>
        <FigureTextEditor
          className="lead-text"
          singleLine
          value={content.lead}
          readOnly={ro}
          ariaLabel="段首句"
          placeholder="例如：校企共育教师队伍，双师比例逐年上升。"
          fieldKey={`block:${block.id}:lead`}
          placeLabel="段首句"
          onChange={(t) => set({ lead: t })}
        />
      </div>
      <div className="body">
        <span className="field-label">
          正文<span className="count">{countChars(text)} 字</span>
        </span>
        <FigureTextEditor
          className="body-text"
          value={content.text}
          readOnly={ro}
          ariaLabel="正文"
          placeholder="写出做法、数据和成效……"
          fieldKey={`block:${block.id}:text`}
          placeLabel="段落正文"
          onChange={(t) => set({ text: t })}
        />
      </div>
    </div>
  );
}
