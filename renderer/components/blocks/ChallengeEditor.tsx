/** 面临挑战: 挑战N title, 问题表现, 下一步打算. */
import type { Block, BlockContent } from '../../../core/model';
import { useApp } from '../../store/app';
import { editBlock } from '../../store/writing';
import { FigureTextEditor } from '../figures/FigureTextEditor';

type Content = Extract<BlockContent, { kind: 'challenge' }>;

export function ChallengeEditor({ block, content }: { block: Block; content: Content }) {
  const ro = useApp((s) => s.session?.readOnly ?? true);
  const latest = () => {
    const b = useApp.getState().session?.workspace.blocks.find((x) => x.id === block.id);
    return b?.content.kind === 'challenge' ? b.content : content;
  };
  const set = (patch: Partial<Content>) => editBlock(block.id, { ...latest(), ...patch });
  return (
    <div className="challenge-editor">
      <label>
        <span className="field-label">挑战标题</span>
        <input
          value={content.title}
          readOnly={ro}
          maxLength={100}
          placeholder="例如：高端技能人才培养能力尚显薄弱"
          onChange={(e) => set({ title: e.target.value })}
        />
      </label>
      <div>
        <span className="field-label">问题表现</span>
        <FigureTextEditor
          value={content.problems}
          readOnly={ro}
          ariaLabel="问题表现"
          fieldKey={`block:${block.id}:problems`}
          placeLabel="问题表现"
          onChange={(t) => set({ problems: t })}
        />
      </div>
      <div>
        <span className="field-label">下一步打算</span>
        <FigureTextEditor
          value={content.plans}
          readOnly={ro}
          ariaLabel="下一步打算"
          fieldKey={`block:${block.id}:plans`}
          placeLabel="下一步打算"
          onChange={(t) => set({ plans: t })}
        />
      </div>
    </div>
  );
}
