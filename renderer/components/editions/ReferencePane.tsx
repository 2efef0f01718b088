/**
 * 上一年度参考: beside the chapter being written, last year's text of the same parts (kept read-only in the
 * workspace when it was made from last year's file), with 复制 and 插入到本节 on demand, the case titles of
 * earlier years to reuse, and last year's photos when they were brought along. Collapsible to a narrow strip.
 */

import { renderFigureText } from '../../../core/figures/render';
import type { Chapter, ReferenceItem, ReferenceText, Section } from '../../../core/model';
import { BLOCK_KIND_LABEL } from '../../../core/report/places';
import { useApp } from '../../store/app';
import { copyText, toggleReference, useEditions } from '../../store/editions';
import { useFigureSource } from '../../store/figures';
import { addBlock, editChapter, flushChapter, sectionsOf } from '../../store/writing';
import { AssetImage } from '../blocks/AssetImage';

const KIND: Readonly<Record<string, string>> = { intro: '章首概述', ...BLOCK_KIND_LABEL };

/** The plain text of an item, as it is copied. */
function itemText(it: ReferenceItem): string {
  if (it.kind === 'case') return `【案例】${it.title}\n${it.text}`;
  if (it.kind === 'paragraph') return `${it.title}${it.text}`;
  return [it.title, it.text].filter(Boolean).join('\n');
}

/** last year's parts of this chapter, in this chapter's section order (intro first) */
function referencesOf(chapter: Chapter, sections: Section[], refs: readonly ReferenceText[]): ReferenceText[] {
  const mine = refs.filter((r) => r.chapterId === chapter.id || (r.chapterId === null && r.chapterKey === chapter.key));
  const rank = (r: ReferenceText) => {
    if (r.sectionId === null && !r.sectionKey) return -1;
    const i = sections.findIndex((s) => s.id === r.sectionId || (!!r.sectionKey && s.key === r.sectionKey));
    return i < 0 ? sections.length + r.order : i;
  };
  return [...mine].sort((a, b) => rank(a) - rank(b) || a.order - b.order);
}

export function ReferencePane({ chapter }: { chapter: Chapter }) {
  const session = useApp((s) => s.session);
  // last year's bound figures read as printed (core/figures; this workspace carries last year's data); 「用作本年」
  // keeps them bound to the year they name
  const figures = useFigureSource();
  const printed = (t: string) => (figures && t.includes('{{') ? renderFigureText(t, figures) : t);
  const open = useEditions((s) => s.referenceOpen);
  if (!session) return null;
  const refs = session.workspace.references ?? [];
  const library = session.workspace.caseLibrary ?? [];
  if (refs.length === 0 && library.length === 0) return null;
  const ro = session.readOnly;
  const sections = sectionsOf(chapter.id, session.workspace.sections);
  const parts = referencesOf(chapter, sections, refs);
  const year = refs[0]?.year ?? library[library.length - 1]?.year;
  const titles = library.filter((c) => c.chapterKey === chapter.key);

  if (!open) {
    return (
      <aside className="ref-pane collapsed" aria-label="上一年度参考">
        <button type="button" className="ref-toggle" onClick={toggleReference} title="展开上一年度参考">
          参考
        </button>
      </aside>
    );
  }

  const sectionOf = (r: ReferenceText) =>
    sections.find((s) => s.id === r.sectionId) ?? sections.find((s) => !!r.sectionKey && s.key === r.sectionKey);

  return (
    <aside className="ref-pane" aria-label="上一年度参考" data-testid="reference-pane">
      <header className="ref-head">
        <h3>上一年度参考{year ? `（${year}年度）` : ''}</h3>
        <button type="button" className="link-btn" onClick={toggleReference} title="收起参考栏">
          收起
        </button>
      </header>
      <p className="muted small-print">只读：这里是去年同一部分写的内容，可以复制或插入后再改写。</p>
      {parts.length === 0 && <p className="muted">去年这一章没有正文。</p>}
      {parts.map((r) => {
        const target = sectionOf(r);
        return (
          <section key={r.id} className="ref-part" data-ref-section={r.sectionKey || 'intro'}>
            <h4>
              {r.sectionId === null && !r.sectionKey ? (
                '章首概述'
              ) : target ? (
                <button
                  type="button"
                  className="link-btn"
                  onClick={() =>
                    document.getElementById(`sec-${target.id}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' })
                  }
                >
                  {r.sectionTitle}
                </button>
              ) : (
                `${r.sectionTitle}（本年度无此节）`
              )}
            </h4>
            {r.items.map((it, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: last year's text is a read-only list, never reordered
              <div key={`${r.id}-${i}`} className={`ref-item ref-${it.kind}`}>
                {it.kind !== 'intro' && it.kind !== 'case' && <span className="ref-kind">{KIND[it.kind]}</span>}
                {it.kind === 'photo' && it.assetId && (
                  <AssetImage assetId={it.assetId} alt={it.title || '图片'} className="ref-photo" />
                )}
                {it.kind === 'case' && <strong className="ref-title">【案例】{it.title}</strong>}
                {it.kind === 'paragraph' && it.title && <strong className="ref-title">{it.title}</strong>}
                {it.kind !== 'case' && it.kind !== 'paragraph' && it.kind !== 'intro' && it.title && (
                  <strong className="ref-title">{it.title}</strong>
                )}
                {it.text && <p className="ref-text">{printed(it.text)}</p>}
                <div className="ref-actions">
                  {it.kind !== 'photo' && (
                    <button type="button" className="small" onClick={() => void copyText(itemText(it))}>
                      复制
                    </button>
                  )}
                  {!ro && target && (it.kind === 'paragraph' || it.kind === 'case' || it.kind === 'intro') && (
                    <button
                      type="button"
                      className="small"
                      onClick={() =>
                        void addBlock(
                          target.id,
                          it.kind === 'case'
                            ? { kind: 'case', title: it.title, body: it.text, photos: [] }
                            : { kind: 'paragraph', lead: it.kind === 'paragraph' ? it.title : '', text: it.text },
                        )
                      }
                    >
                      插入到本节
                    </button>
                  )}
                  {!ro && it.kind === 'intro' && (
                    <button
                      type="button"
                      className="small"
                      title={chapter.intro.trim() ? '本章已有概述：将接在其后' : '填入本章的章首概述'}
                      onClick={() => {
                        editChapter(chapter.id, {
                          intro: chapter.intro.trim() ? `${chapter.intro}\n${it.text}` : it.text,
                        });
                        flushChapter(chapter.id);
                      }}
                    >
                      用作本章概述
                    </button>
                  )}
                  {!ro && target && it.kind === 'photo' && it.assetId && (
                    <button
                      type="button"
                      className="small"
                      onClick={() =>
                        void addBlock(target.id, { kind: 'photo', assetId: it.assetId as string, caption: it.title })
                      }
                    >
                      插入此图片
                    </button>
                  )}
                </div>
              </div>
            ))}
          </section>
        );
      })}
      {titles.length > 0 && (
        <section className="ref-part ref-library">
          <h4>往年案例标题</h4>
          <ul>
            {titles.map((t) => {
              const target = sections.find((s) => s.key === t.sectionKey) ?? sections[0];
              return (
                <li key={`${t.year}-${t.title}`}>
                  <span className="muted">{t.year}</span> {t.title}
                  {!ro && target && (
                    <button
                      type="button"
                      className="small"
                      title={`在「${target.title}」新建一个同题案例`}
                      onClick={() => void addBlock(target.id, { kind: 'case', title: t.title, body: '', photos: [] })}
                    >
                      新建同题案例
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </aside>
  );
}
