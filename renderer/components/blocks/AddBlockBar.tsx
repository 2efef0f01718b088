/** The row of 「＋ 段落 / 案例 / 图片 / 图表 / 表格 / 面临挑战」 under a section. */
import { useRef, useState } from 'react';
import type { BlockContent } from '../../../core/model';
import { useApp } from '../../store/app';
import { addImageFile } from '../../store/photos';
import { addBlock } from '../../store/writing';

export function AddBlockBar({ sectionId, challenges }: { sectionId: string; challenges: boolean }) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const firstIndicator = useApp((s) => {
    const t = [...(s.session?.framework.tables ?? [])].sort((a, b) => a.order - b.order)[0];
    return t?.indicators[0]?.id ?? '';
  });
  const add = (content: BlockContent) => void addBlock(sectionId, content);

  return (
    <div className="add-bar">
      <span className="muted">添加：</span>
      <button type="button" onClick={() => add({ kind: 'paragraph', lead: '', text: '' })}>
        段落
      </button>
      <button type="button" onClick={() => add({ kind: 'case', title: '', body: '', photos: [] })}>
        【案例】
      </button>
      <button type="button" disabled={busy} onClick={() => fileRef.current?.click()}>
        图片
      </button>
      <button
        type="button"
        disabled={!firstIndicator}
        onClick={() =>
          add({
            kind: 'chart',
            caption: '',
            chartType: 'bar',
            indicators: [firstIndicator],
            years: [],
            source: '职业教育质量年报平台',
          })
        }
      >
        图表
      </button>
      <button
        type="button"
        onClick={() =>
          add({
            kind: 'table',
            caption: '',
            columns: ['项目', '数量'],
            rows: [
              ['', ''],
              ['', ''],
            ],
            source: '',
          })
        }
      >
        表格
      </button>
      {challenges && (
        <button type="button" onClick={() => add({ kind: 'challenge', title: '', problems: '', plans: '' })}>
          面临挑战
        </button>
      )}
      <input
        ref={fileRef}
        type="file"
        accept="image/jpeg,image/png"
        hidden
        data-testid="add-photo-input"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setBusy(true);
          const r = await addImageFile(file);
          setBusy(false);
          if ('error' in r) useApp.getState().notify('error', r.error);
          else if ('assetId' in r) add({ kind: 'photo', assetId: r.assetId, caption: '' });
        }}
      />
    </div>
  );
}
