/**
 * 报告撰写: the chapter/section tree on the left (rename, add a section, reorder) and the chosen chapter on
 * the right as one scrolling page of sections and blocks, like a Word document with handles.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Chapter, Section } from '../../core/model';
import { chapterNumbers, printsNothing } from '../../core/report/chapter-numbers';
import { isOutlineChapterKey } from '../../core/report/chapter-rules';
import { getDefaultOutline } from '../../core/report/outline';
import { AddBlockBar } from '../components/blocks/AddBlockBar';
import { BlockCard } from '../components/blocks/BlockCard';
import { Dialog } from '../components/Dialog';
import { ReferencePane } from '../components/editions/ReferencePane';
import { FigureTextEditor } from '../components/figures/FigureTextEditor';
import { InlineEdit } from '../components/InlineEdit';
import { MoveButtons } from '../components/MoveButtons';
import { countChars, LIMITS } from '../lib/chars';
import { useApp } from '../store/app';
import { useEditions } from '../store/editions';
import { useFigurePicker, usePrintedText } from '../store/figures';
import {
  addChapter,
  addSection,
  blocksOf,
  deleteChapter,
  deleteSection,
  editChapter,
  flushChapter,
  moveSection,
  renameSection,
  sectionsOf,
} from '../store/writing';

export function WritingView() {
  const session = useApp((s) => s.session);
  const focusBlockId = useApp((s) => s.focusBlockId);
  const focusChapterId = useApp((s) => s.focusChapterId);
  const refOpen = useEditions((s) => s.referenceOpen);
  const [chapterId, setChapterId] = useState<string | null>(null);

  const chapters = useMemo(() => {
    if (!session) return [];
    const y = session.workspace.profile.reportYear;
    return session.workspace.chapters.filter((c) => c.year === y).sort((a, b) => a.order - b.order);
  }, [session]);
  const outline = useEditions((s) => s.info?.outline);
  const prefaceKey = outline?.prefaceKey ?? getDefaultOutline().preface.key;
  const sectionList = session?.workspace.sections;
  const blockList = session?.workspace.blocks;
  const blocksOf = useMemo(() => {
    const secs = sectionList ?? [];
    const blocks = blockList ?? [];
    return (id: string) => {
      const ids = new Set(secs.filter((x) => x.chapterId === id).map((x) => x.id));
      return blocks.filter((b) => ids.has(b.sectionId)).map((b) => b.content);
    };
  }, [sectionList, blockList]);
  const numbers = useMemo(
    () =>
      chapterNumbers(
        chapters,
        blocksOf,
        outline ? { preface: { key: outline.prefaceKey }, chapters: outline.chapters } : getDefaultOutline(),
      ),
    [chapters, blocksOf, outline],
  );
  // an optional 前言 with nothing in it is left out of the document too (core/report/build.ts)
  const prefaceOptional = outline ? outline.prefaceOptional === true : getDefaultOutline().preface.optional;

  // a finding clicked elsewhere (or an undo) opens its chapter and scrolls to its block; only when the target
  // changes, not on every keystroke elsewhere
  const hasSession = !!session;
  useEffect(() => {
    const ws = useApp.getState().session?.workspace;
    if (!hasSession || !ws) return;
    let target = focusChapterId;
    if (focusBlockId) {
      const b = ws.blocks.find((x) => x.id === focusBlockId);
      const sec = b ? ws.sections.find((s) => s.id === b.sectionId) : undefined;
      if (sec) target = sec.chapterId;
    }
    if (target) setChapterId(target);
  }, [focusBlockId, focusChapterId, hasSession]);
  useRevealBlock(focusBlockId);

  if (!session) return null;
  // 前言 is not numbered, and an empty optional chapter (学校概况) is not printed: the numbers the report prints
  const numberOf = (c: Chapter) => {
    const n = numbers.get(c.id);
    return n == null ? '' : String(n);
  };
  const leftOut = (c: Chapter) =>
    c.key === prefaceKey ? prefaceOptional && printsNothing(c, blocksOf) : numbers.get(c.id) === null;
  const chapter = chapters.find((c) => c.id === chapterId) ?? chapters[0];
  if (!chapter) {
    return <p className="pad muted">本年度还没有报告章节。</p>;
  }
  const ro = session.readOnly;
  const hasReference = (session.workspace.references?.length ?? 0) + (session.workspace.caseLibrary?.length ?? 0) > 0;

  return (
    <div className={hasReference ? `writing with-ref${refOpen ? '' : ' ref-collapsed'}` : 'writing'}>
      <nav className="outline" aria-label="章节">
        <h3>报告大纲</h3>
        <ol className="chapters">
          {chapters.map((c) => (
            <ChapterNode
              key={c.id}
              chapter={c}
              number={numberOf(c)}
              leftOut={leftOut(c)}
              active={c.id === chapter.id}
              sections={sectionsOf(c.id, session.workspace.sections)}
              onOpen={() => {
                flushChapter(chapter.id);
                setChapterId(c.id);
                useApp.setState({ focusBlockId: null, focusChapterId: null });
              }}
              readOnly={ro}
            />
          ))}
        </ol>
        {!ro && (
          <button
            type="button"
            className="add-section add-chapter"
            onClick={() => {
              flushChapter(chapter.id);
              void addChapter('新的一章').then((ch) => ch && setChapterId(ch.id));
            }}
          >
            ＋ 新增一章
          </button>
        )}
      </nav>
      <div className="doc" key={chapter.id}>
        {!ro && (
          <div className="writing-tools">
            <button
              type="button"
              className="insert-figure"
              title="在光标处插入表格中的数据；数据修改后，正文、预览和导出的 Word 一同更新"
              // the caret stays in the text: the button does not take the focus
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => useFigurePicker.getState().show()}
            >
              插入数据…
            </button>
            <button
              type="button"
              className="recognize-figures"
              title="找出本章正文中与表格指标对应的手写数字，绑定到数据"
              onClick={() => useFigurePicker.setState({ recognizeChapter: chapter.id })}
            >
              识别数字
            </button>
          </div>
        )}
        {/* one page per chapter: its dialog and state do not carry over to the next chapter shown */}
        <ChapterPage
          key={chapter.id}
          chapter={chapter}
          number={numberOf(chapter)}
          leftOut={leftOut(chapter)}
          preface={chapter.key === prefaceKey}
        />
      </div>
      {hasReference && <ReferencePane chapter={chapter} />}
    </div>
  );
}

/**
 * Scrolls to a block once its chapter is on screen (the chapter may be mounting: tried for a few frames) — at once,
 * not smoothly, because the chapter's layout settling would cut a smooth scroll short at the chapter's top. A jump
 * from a finding or a comment (blockJump) also puts the focus in the block's editor, so typing can start there.
 */
function useRevealBlock(focusBlockId: string | null): void {
  const jump = useApp((s) => s.blockJump);
  useEffect(() => {
    if (!focusBlockId) return;
    const take = jump?.blockId === focusBlockId;
    let frame = 0;
    let tries = 0;
    const go = () => {
      const el = document.querySelector<HTMLElement>(`[data-block="${CSS.escape(focusBlockId)}"]`);
      if (!el) {
        if (++tries < 60) frame = requestAnimationFrame(go);
        return;
      }
      el.scrollIntoView({ block: 'start' }); // its head in view (scroll-margin-top in writing.css)
      if (!take) return;
      const editor = el.querySelector<HTMLElement>(
        '.block-body textarea, .block-body input, .block-body [contenteditable="true"]',
      );
      if (editor) editor.focus({ preventScroll: true });
      else {
        el.tabIndex = -1;
        el.focus({ preventScroll: true });
      }
    };
    frame = requestAnimationFrame(go);
    return () => cancelAnimationFrame(frame);
  }, [focusBlockId, jump]);
}

function ChapterNode(props: {
  chapter: Chapter;
  number: string;
  /** an optional chapter with nothing in it: the report leaves it out */
  leftOut: boolean;
  active: boolean;
  sections: Section[];
  onOpen: () => void;
  readOnly: boolean;
}) {
  const { chapter, active, sections, onOpen, readOnly } = props;
  return (
    <li className={active ? 'chapter active' : 'chapter'}>
      <button type="button" className="chapter-link" onClick={onOpen}>
        <span className="num">{props.number}</span>
        {chapter.title}
        {props.leftOut && <span className="left-out">（空，不印）</span>}
      </button>
      {active && (
        <ol className="sections">
          {sections.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                className="section-link"
                onClick={() =>
                  document.getElementById(`sec-${s.id}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' })
                }
              >
                {props.number ? `${props.number}.${i + 1} ` : ''}
                {s.title}
              </button>
              {!readOnly && (
                <span className="tree-tools">
                  <MoveButtons
                    name={s.title}
                    index={i}
                    count={sections.length}
                    onMove={(to) => void moveSection(chapter.id, s.id, to)}
                  />
                </span>
              )}
            </li>
          ))}
          {!readOnly && (
            <li>
              <button
                type="button"
                className="add-section"
                onClick={() => {
                  void addSection(chapter.id, '新的一节').then((sec) => {
                    if (sec)
                      requestAnimationFrame(() =>
                        document.getElementById(`sec-${sec.id}`)?.scrollIntoView({ block: 'start' }),
                      );
                  });
                }}
              >
                ＋ 新增一节
              </button>
            </li>
          )}
        </ol>
      )}
    </li>
  );
}

function ChapterPage({
  chapter,
  number,
  leftOut,
  preface,
}: {
  chapter: Chapter;
  number: string;
  leftOut: boolean;
  preface: boolean;
}) {
  const session = useApp((s) => s.session);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const outline = useEditions((s) => s.info?.outline);
  const introLen = countChars(usePrintedText(chapter.intro));
  if (!session) return null;
  const ro = session.readOnly;
  const sections = sectionsOf(chapter.id, session.workspace.sections);
  const own = !isOutlineChapterKey(
    chapter.key,
    outline && { preface: { key: outline.prefaceKey }, chapters: outline.chapters },
  );
  const blockCount = session.workspace.blocks.filter((b) => sections.some((x) => x.id === b.sectionId)).length;
  return (
    <article className="chapter-page">
      <header className="chapter-head">
        {number && <span className="chapter-num">{number}</span>}
        <InlineEdit
          value={chapter.title}
          className="chapter-title"
          label="章标题"
          readOnly={ro}
          onSave={(t) => {
            if (!t.trim()) return useApp.getState().notify('error', '章标题不能为空');
            editChapter(chapter.id, { title: t.trim() });
            flushChapter(chapter.id);
          }}
        />
        {!ro && own && (
          <button type="button" className="link-btn danger" onClick={() => setConfirming(true)}>
            删除本章
          </button>
        )}
        {!own && (
          <span className="muted outline-note" title="报告提纲规定的章：可以修改标题，不能删除">
            提纲章节
          </span>
        )}
      </header>
      {leftOut && (
        <p className="muted left-out-note" data-testid="chapter-left-out">
          {preface
            ? '前言还没有内容，报告中不印出（与预览和导出的 Word 一致）；写入内容后印在目录之后、第一章之前。'
            : '本章是可选章节，还没有内容，报告中不印出；后面各章的编号随之前移（与预览和导出的 Word 一致）。'}
        </p>
      )}
      {confirming && (
        <Dialog
          title="删除章"
          confirmLabel="删除"
          danger
          busy={deleting}
          onConfirm={() => {
            // open until the chapter is gone (the page with it), so the focus goes to what is around it
            // (lib/focus.ts), not to a 删除本章 button about to disappear; refused, the dialog closes
            setDeleting(true);
            void deleteChapter(chapter.id).finally(() => {
              setDeleting(false);
              setConfirming(false);
            });
          }}
          onCancel={() => setConfirming(false)}
          testId="confirm-delete-chapter"
          focusCancel={sections.length > 0}
        >
          <p>
            确定删除「{chapter.title}」吗？
            {sections.length > 0
              ? `本章有 ${sections.length} 个小节、${blockCount} 个内容块，将一并删除，且不能撤销。`
              : '本章没有小节。'}
          </p>
        </Dialog>
      )}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: leaving the field ends its undo step and saves it */}
      <div className="intro" onBlur={() => flushChapter(chapter.id)}>
        <span className="field-label">
          章首概述（不编号，约 200–380 字）
          <span className={introLen > LIMITS.chapterIntro ? 'count over' : 'count'}>{introLen} 字</span>
        </span>
        <FigureTextEditor
          value={chapter.intro}
          readOnly={ro}
          ariaLabel="章首概述"
          placeholder="概述本章的总体情况……"
          fieldKey={`chapter:${chapter.id}:intro`}
          placeLabel="章首概述"
          onChange={(t) => editChapter(chapter.id, { intro: t })}
        />
      </div>
      {sections.map((s, i) => (
        <SectionPart
          key={s.id}
          section={s}
          number={number ? `${number}.${i + 1}` : ''}
          challenges={chapter.key === 'challenges'}
        />
      ))}
      {sections.length === 0 && <p className="muted">本章还没有小节，请在左侧「新增一节」。</p>}
    </article>
  );
}

function SectionPart({ section, number, challenges }: { section: Section; number: string; challenges: boolean }) {
  const session = useApp((s) => s.session);
  const [dragId, setDragId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  if (!session) return null;
  const ro = session.readOnly;
  const blocks = blocksOf(section.id, session.workspace.blocks);
  return (
    <section className="section-part" id={`sec-${section.id}`} data-section={section.id}>
      <header className="section-head">
        {number && <span className="section-num">{number}</span>}
        <InlineEdit
          value={section.title}
          className="section-title"
          label="节标题"
          readOnly={ro}
          onSave={(t) => void renameSection(section.id, t)}
        />
        {!ro && (
          <button
            type="button"
            className="link-btn danger"
            onClick={() => setConfirming(true)}
            title="删除这个小节及其中的内容块"
          >
            删除本节
          </button>
        )}
      </header>
      {confirming && (
        <Dialog
          title="删除小节"
          confirmLabel="删除"
          danger
          busy={deleting}
          onConfirm={() => {
            // as 删除本章 above: open until the section is gone
            setDeleting(true);
            void deleteSection(section.id).finally(() => {
              setDeleting(false);
              setConfirming(false);
            });
          }}
          onCancel={() => setConfirming(false)}
          testId="confirm-delete-section"
          // its blocks go with it and cannot be brought back: a second Enter must not be what deletes them
          focusCancel={blocks.length > 0}
        >
          <p>
            确定删除「{number ? `${number} ` : ''}
            {section.title}」吗？
            {blocks.length > 0
              ? `本节有 ${blocks.length} 个内容块（段落、案例、图表等），将一并删除，且不能撤销。`
              : '本节没有内容块。'}
          </p>
        </Dialog>
      )}
      <div className="blocks">
        {blocks.map((b, i) => (
          <BlockCard
            key={b.id}
            block={b}
            index={i}
            count={blocks.length}
            dragging={dragId === b.id}
            onDragStart={() => setDragId(b.id)}
            onDragEnd={() => setDragId(null)}
            dragSource={dragId}
          />
        ))}
      </div>
      {!ro && <AddBlockBar sectionId={section.id} challenges={challenges} />}
    </section>
  );
}
