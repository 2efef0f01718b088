/**
 * One block in the writing view: a handle to drag it, up/down buttons (keyboard and screen-reader friendly),
 * delete, and the editor for its kind. Findings about the block are listed under it.
 */
import { type DragEvent, useState } from 'react';
import type { Block } from '../../../core/model';
import { threadCountsFor } from '../../lib/comments';
import { focusAfterRemoval } from '../../lib/focus';
import { KIND_LABEL } from '../../lib/places';
import { useApp } from '../../store/app';
import { deleteBlock, flushBlock, moveBlock } from '../../store/writing';
import { MoveButtons } from '../MoveButtons';
import { CaseEditor } from './CaseEditor';
import { ChallengeEditor } from './ChallengeEditor';
import { ChartEditor } from './ChartEditor';
import { ParagraphEditor } from './ParagraphEditor';
import { PhotoEditor } from './PhotoEditor';
import { TableEditor } from './TableEditor';

export function BlockCard(props: {
  block: Block;
  index: number;
  count: number;
  dragging: boolean;
  dragSource: string | null;
  onDragStart: () => void;
  onDragEnd: () => void;
}) {
  const { block, index, count } = props;
  const ro = useApp((s) => s.session?.readOnly ?? true);
  const focused = useApp((s) => s.focusBlockId === block.id);
  const findings = useApp((s) => s.findings);
  const comments = useApp((s) => s.session?.workspace.comments);
  const threads = threadCountsFor(comments ?? [], `block|${block.id}`);
  const [over, setOver] = useState(false);
  const mine = findings.filter((f) => f.location.type === 'block' && f.location.blockId === block.id);
  const worst = mine.some((f) => f.severity === 'error')
    ? 'error'
    : mine.some((f) => f.severity === 'warning')
      ? 'warning'
      : '';

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const id = e.dataTransfer.getData('application/x-qar-block');
    if (id && id !== block.id) void moveBlock(block.sectionId, id, index);
  };

  const c = block.content;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drop target for drag-reordering; the ↑/↓ buttons are the keyboard path
    <div
      className={[
        'block-card',
        `k-${c.kind}`,
        props.dragging ? 'dragging' : '',
        over ? 'drop-over' : '',
        focused ? 'focused' : '',
        worst ? `f-${worst}` : '',
      ]
        .filter(Boolean)
        .join(' ')}
      data-block={block.id}
      data-kind={c.kind}
      onDragOver={(e) => {
        if (!props.dragSource || props.dragSource === block.id) return;
        if (!e.dataTransfer.types.includes('application/x-qar-block')) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onBlur={(e) => {
        // leaving the block entirely: write its pending text now
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) flushBlock(block.id);
      }}
    >
      <div className="block-bar">
        {!ro && (
          <span
            className="handle"
            draggable
            title="拖动调整顺序"
            onDragStart={(e) => {
              e.dataTransfer.setData('application/x-qar-block', block.id);
              e.dataTransfer.effectAllowed = 'move';
              props.onDragStart();
            }}
            onDragEnd={props.onDragEnd}
            aria-hidden="true"
          >
            ⋮⋮
          </span>
        )}
        <span className="kind">{KIND_LABEL[c.kind]}</span>
        {threads.total > 0 && (
          <button
            type="button"
            className={threads.open ? 'tiny comment-btn open' : 'tiny comment-btn'}
            title={threads.open ? `${threads.open} 条未解决的批注` : '批注均已解决'}
            onClick={() => useApp.getState().showComments({ type: 'block', blockId: block.id })}
            data-testid="block-comments"
          >
            批注 {threads.total}
            {threads.open ? `（${threads.open} 未解决）` : ''}
          </button>
        )}
        {!ro && (
          <span className="block-tools">
            <MoveButtons index={index} count={count} onMove={(to) => void moveBlock(block.sectionId, block.id, to)} />
            <button
              type="button"
              className="tiny danger"
              onClick={(e) => {
                const pressed = e.currentTarget;
                const section = pressed.closest('.section-part');
                focusAfterRemoval(pressed, {
                  list: pressed.closest('.blocks'),
                  items: '.block-card',
                  button: '.block-tools button[aria-label="删除"]',
                  index,
                  fallback: () => section?.querySelector<HTMLElement>('.add-bar button') ?? null,
                });
                void deleteBlock(block.id);
              }}
              aria-label="删除"
              title="删除（可撤销）"
            >
              删除
            </button>
          </span>
        )}
      </div>
      <div className="block-body">
        {c.kind === 'paragraph' && <ParagraphEditor block={block} content={c} />}
        {c.kind === 'case' && <CaseEditor block={block} content={c} />}
        {c.kind === 'photo' && <PhotoEditor block={block} content={c} />}
        {c.kind === 'chart' && <ChartEditor block={block} content={c} />}
        {c.kind === 'table' && <TableEditor block={block} content={c} />}
        {c.kind === 'challenge' && <ChallengeEditor block={block} content={c} />}
      </div>
      {mine.length > 0 && (
        <ul className="block-findings">
          {mine.map((f) => (
            <li key={f.ruleId + f.message} className={f.severity}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
