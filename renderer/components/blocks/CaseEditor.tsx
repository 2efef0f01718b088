/**
 * 【案例】: title, body (≤ 1000 字, the count turns red over) and photos added by drag-and-drop or a file
 * picker; each photo gets a caption and becomes 图 X-Y in the report.
 */
import { type DragEvent, useRef, useState } from 'react';
import type { Block, BlockContent } from '../../../core/model';
import { countChars, LIMITS } from '../../lib/chars';
import { focusAfterRemoval } from '../../lib/focus';
import { useApp } from '../../store/app';
import { usePrintedText } from '../../store/figures';
import { addImageFile } from '../../store/photos';
import { editBlock } from '../../store/writing';
import { FigureTextEditor } from '../figures/FigureTextEditor';
import { AssetImage } from './AssetImage';
import { CaptionField } from './CaptionField';

type Content = Extract<BlockContent, { kind: 'case' }>;

export function CaseEditor({ block, content }: { block: Block; content: Content }) {
  const ro = useApp((s) => s.session?.readOnly ?? true);
  const fileRef = useRef<HTMLInputElement>(null);
  const [dropOver, setDropOver] = useState(false);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState('');
  // counted as printed: a bound figure counts as the figure it prints
  const len = countChars(usePrintedText(content.body));
  // the latest content, so photos added after slow uploads are not lost to a stale closure
  const latest = () => {
    const b = useApp.getState().session?.workspace.blocks.find((x) => x.id === block.id);
    return b?.content.kind === 'case' ? b.content : content;
  };
  const set = (patch: Partial<Content>) => editBlock(block.id, { ...latest(), ...patch });

  const addFiles = async (files: File[]) => {
    setError('');
    for (const f of files) {
      setUploading((n) => n + 1);
      const r = await addImageFile(f);
      setUploading((n) => n - 1);
      if ('error' in r) {
        setError(r.error);
        continue;
      }
      if ('cancelled' in r) continue;
      const cur = latest();
      if (cur.photos.length >= 20) {
        setError('一个案例最多 20 张图片');
        break;
      }
      set({ photos: [...cur.photos, { assetId: r.assetId, caption: '' }] });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDropOver(false);
    if (ro) return;
    const files = [...e.dataTransfer.files];
    if (files.length) void addFiles(files);
  };

  return (
    <div className="case-editor">
      <div className="case-box">
        <label className="case-title">
          <span className="case-mark">【案例】</span>
          <input
            value={content.title}
            readOnly={ro}
            maxLength={100}
            placeholder="案例标题，例如：校企共建产业学院，助力区域产业升级"
            aria-label="案例标题"
            onChange={(e) => set({ title: e.target.value })}
          />
        </label>
        <FigureTextEditor
          className="case-body"
          value={content.body}
          readOnly={ro}
          ariaLabel="案例正文"
          placeholder="背景、做法、成效……（不超过 1000 字）"
          fieldKey={`block:${block.id}:body`}
          placeLabel="案例正文"
          onChange={(t) => set({ body: t })}
        />
        <div className={len > LIMITS.caseBody ? 'count-line over' : 'count-line'} data-testid="case-count">
          {len} / {LIMITS.caseBody} 字{len > LIMITS.caseBody ? `，超出 ${len - LIMITS.caseBody} 字` : ''}
        </div>
      </div>
      <section
        className={dropOver ? 'case-photos drop-over' : 'case-photos'}
        onDragOver={(e) => {
          if (ro || !e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          setDropOver(true);
        }}
        onDragLeave={() => setDropOver(false)}
        onDrop={onDrop}
        aria-label="案例图片"
      >
        {content.photos.map((p, i) => (
          <figure key={p.assetId + String(i)} className="case-photo">
            <AssetImage assetId={p.assetId} alt={p.caption || '案例图片'} className="thumb" />
            <CaptionField
              value={p.caption}
              readOnly={ro}
              placeholder="图题"
              label={`第 ${i + 1} 张图的图题`}
              onChange={(caption) => set({ photos: latest().photos.map((x, j) => (j === i ? { ...x, caption } : x)) })}
            />
            {!ro && (
              <button
                type="button"
                className="tiny danger"
                onClick={(e) => {
                  const pressed = e.currentTarget;
                  const box = pressed.closest('.case-photos');
                  focusAfterRemoval(pressed, {
                    list: box,
                    items: '.case-photo',
                    button: 'button.danger',
                    index: i,
                    fallback: () => box?.querySelector<HTMLElement>('.drop-zone') ?? null,
                  });
                  set({ photos: latest().photos.filter((_, j) => j !== i) });
                }}
              >
                移除
              </button>
            )}
          </figure>
        ))}
        {!ro && (
          <button type="button" className="drop-zone" onClick={() => fileRef.current?.click()}>
            {uploading > 0 ? '正在添加图片…' : '拖入照片，或点击选择（JPG / PNG）'}
          </button>
        )}
        <input
          ref={fileRef}
          type="file"
          accept="image/jpeg,image/png"
          multiple
          hidden
          data-testid="case-photo-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void addFiles(files);
          }}
        />
      </section>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
