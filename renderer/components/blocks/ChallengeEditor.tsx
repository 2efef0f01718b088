/** 面临挑战: 挑战N title, 问题表现, 下一步打算. */
import type { Block, BlockContent } from '../../../core/model';
import { useApp } from '../../store/app';
import { editBlock } from '../../store/writing';

type Content = Extract<BlockContent, { kind: 'challenge' }>;

export function ChallengeEditor({ block, content }: { block: Block; content: Content }) {
  const ro = useApp((s) => s.session?.readOnly ?? true);
  const set = (patch: Partial<Content>) => editBlock(block.id, { ...content, ...patch });
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
      <label>
        <span className="field-label">问题表现</span>
        <textarea value={content.problems} readOnly={ro} onChange={(e) => set({ problems: e.target.value })} />
      </label>
      <label>
        <span className="field-label">下一步打算</span>
        <textarea value={content.plans} readOnly={ro} onChange={(e) => set({ plans: e.target.value })} />
      </label>
    </div>
  );
}
