/**
 * 查找/替换 (Ctrl+F / Ctrl+H) over the whole report: a bar at the top right with the matches listed by place (章 ›
 * 节 · 块) and their words around; Enter / Shift+Enter go to the next / previous one (报告撰写 scrolls to it), 替换
 * replaces the current one, 全部替换 every one — each an undo step (store/find.ts).
 */
import { useEffect, useMemo, useRef } from 'react';
import { maskFigures } from '../../core/figures/tokens';
import { type FindMatch, findMatches, refKey, reportTexts } from '../../core/report/find';
import { restoreFocus } from '../lib/focus';
import { chapterPlace, KIND_LABEL } from '../lib/places';
import { useApp } from '../store/app';
import { closeFind, replaceMatches, revealMatch, useFind } from '../store/find';

const FIELD_LABEL: Record<string, string> = {
  lead: '段首句',
  text: '正文',
  title: '标题',
  body: '正文',
  problems: '问题表现',
  plans: '下一步打算',
  caption: '图表标题',
};

function around(m: FindMatch): { before: string; hit: string; after: string } {
  // a match never lies inside a bound figure's marker, so the text on each side holds whole markers only
  const head = maskFigures(m.text.slice(0, m.index));
  const tail = maskFigures(m.text.slice(m.index + m.length));
  return {
    before: (head.length > 14 ? '…' : '') + head.slice(-14).replace(/\s+/g, ' '),
    hit: m.text.slice(m.index, m.index + m.length),
    after: tail.slice(0, 20).replace(/\s+/g, ' ') + (tail.length > 20 ? '…' : ''),
  };
}

export function FindBar() {
  const f = useFind();
  const ws = useApp((s) => s.session?.workspace);
  const readOnly = useApp((s) => s.session?.readOnly ?? true);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  /** the match last shown in 报告撰写 (null: none since the search changed) */
  const revealed = useRef<number | null>(null);

  const matches = useMemo(
    () =>
      ws && f.query ? findMatches(reportTexts(ws, ws.profile.reportYear), f.query, { matchCase: f.matchCase }) : [],
    [ws, f.query, f.matchCase],
  );
  const current = matches.length ? Math.min(f.current, matches.length - 1) : -1;

  // where the user was (read at the first render, before the field takes the focus): Esc or × gives it back
  const opener = useRef<Element | null>(document.activeElement);
  useEffect(() => {
    const from = opener.current;
    return () => queueMicrotask(() => restoreFocus(from));
  }, []);
  // Ctrl+F (again) puts the focus in the search field with its text selected
  // biome-ignore lint/correctness/useExhaustiveDependencies: each request (seq) focuses the field
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [f.seq]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list follows the current match
  useEffect(() => {
    listRef.current?.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  if (!ws) return null;
  const place = (m: FindMatch): string => {
    const ch = chapterPlace(ws, m.chapterId);
    const sec = m.sectionId ? ws.sections.find((s) => s.id === m.sectionId)?.title : undefined;
    if (m.ref.kind === 'chapter') return `${ch} · ${m.ref.field === 'title' ? '章标题' : '章首概述'}`;
    if (m.ref.kind === 'section') return `${ch} › 小节标题`;
    const { blockId, field } = m.ref;
    const b = ws.blocks.find((x) => x.id === blockId);
    return `${ch}${sec ? ` › ${sec}` : ''} · ${b ? KIND_LABEL[b.content.kind] : ''}${FIELD_LABEL[field] ?? ''}`;
  };
  const go = (i: number) => {
    if (matches.length === 0) return;
    const n = (i + matches.length) % matches.length;
    useFind.setState({ current: n });
    revealed.current = n;
    const m = matches[n];
    if (m) revealMatch(m);
  };

  return (
    <section className="find-bar" aria-label="查找和替换" data-testid="find-bar">
      <div className="find-row">
        <input
          ref={inputRef}
          type="search"
          className="find-input"
          placeholder="在整篇报告中查找"
          aria-label="查找内容"
          value={f.query}
          onChange={(e) => {
            revealed.current = null;
            useFind.setState({ query: e.target.value, current: 0 });
          }}
          onKeyDown={(e) => {
            if (e.nativeEvent.isComposing) return; // the input method's Enter / Esc
            if (e.key === 'Enter') {
              e.preventDefault();
              // the first Enter shows the current match, the next ones move on
              if (revealed.current !== current) go(current);
              else go(e.shiftKey ? current - 1 : current + 1);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              closeFind();
            }
          }}
        />
        <span className="find-count" data-testid="find-count" aria-live="polite">
          {f.query ? (matches.length ? `${current + 1}/${matches.length}` : '无结果') : ''}
        </span>
        <button
          type="button"
          className="tiny"
          onClick={() => go(current - 1)}
          title="上一个（Shift+Enter）"
          aria-label="上一个"
        >
          ↑
        </button>
        <button
          type="button"
          className="tiny"
          onClick={() => go(current + 1)}
          title="下一个（Enter）"
          aria-label="下一个"
        >
          ↓
        </button>
        <label className="find-case" title="区分大小写">
          <input
            type="checkbox"
            checked={f.matchCase}
            onChange={(e) => useFind.setState({ matchCase: e.target.checked, current: 0 })}
          />
          Aa
        </label>
        <button
          type="button"
          className={f.replace ? 'tiny on' : 'tiny'}
          onClick={() => useFind.setState({ replace: !f.replace })}
          aria-expanded={f.replace}
          title="替换（Ctrl+H）"
        >
          替换
        </button>
        <button type="button" className="link-btn close" onClick={closeFind} aria-label="关闭查找" title="关闭（Esc）">
          ×
        </button>
      </div>
      {f.replace && (
        <div className="find-row">
          <input
            type="text"
            className="find-input"
            placeholder="替换为"
            aria-label="替换为"
            value={f.replacement}
            readOnly={readOnly}
            onChange={(e) => useFind.setState({ replacement: e.target.value })}
            onKeyDown={(e) => {
              if (e.nativeEvent.isComposing) return; // the input method's Enter / Esc
              if (e.key === 'Enter') {
                e.preventDefault();
                replaceMatches(false);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                closeFind();
              }
            }}
          />
          <button
            type="button"
            className="small"
            disabled={readOnly || current < 0}
            onClick={() => replaceMatches(false)}
            data-testid="replace-one"
          >
            替换
          </button>
          <button
            type="button"
            className="small"
            disabled={readOnly || matches.length === 0}
            onClick={() => replaceMatches(true)}
            data-testid="replace-all"
          >
            全部替换
          </button>
        </div>
      )}
      {readOnly && f.replace && <p className="muted find-note">此工作区为只读，不能替换。</p>}
      {matches.length > 0 && (
        <ol className="find-results" ref={listRef}>
          {matches.map((m, i) => {
            const t = around(m);
            return (
              <li key={`${refKey(m.ref)}|${m.index}`}>
                <button type="button" className={i === current ? 'current' : ''} onClick={() => go(i)}>
                  <span className="find-place">{place(m)}</span>
                  <span className="find-text">
                    {t.before}
                    <mark>{t.hit}</mark>
                    {t.after}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
