/**
 * 使用说明: the help text of renderer/help/content.ts with a table of contents; a contents link scrolls its
 * section into view and moves the focus there. Shown in place of the current view (or of the start page).
 */
import { Fragment, type ReactNode, useEffect, useRef } from 'react';
import { HELP_INTRO, HELP_SECTIONS, HELP_TITLE, type HelpBlock, helpAnchor } from '../help/content';
import '../help/help.css';
import { useApp } from '../store/app';

/** `**粗体**` → <strong>; everything else is plain text */
function inline(text: string): ReactNode {
  return text
    .split(/\*\*(.+?)\*\*/g)
    .map((part, i) => (i % 2 === 1 ? <strong key={part + String(i)}>{part}</strong> : part));
}

function Block({ b }: { b: HelpBlock }) {
  switch (b.kind) {
    case 'p':
      return <p>{inline(b.text)}</p>;
    case 'h':
      return <h3>{b.text}</h3>;
    case 'tip':
      return <p className="help-tip">{inline(b.text)}</p>;
    case 'list':
      return (
        <ul>
          {b.items.map((i) => (
            <li key={i}>{inline(i)}</li>
          ))}
        </ul>
      );
    case 'steps':
      return (
        <ol>
          {b.items.map((i) => (
            <li key={i}>{inline(i)}</li>
          ))}
        </ol>
      );
  }
}

function jump(id: string) {
  const el = document.getElementById(helpAnchor(id));
  if (!el) return;
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

export function HelpView() {
  const help = useApp((s) => s.help);
  const closeHelp = useApp((s) => s.closeHelp);
  const setAboutOpen = useApp((s) => s.setAboutOpen);
  const scrollRef = useRef<HTMLDivElement>(null);

  // opened on a section (or again from the menu): go there, else to the top
  useEffect(() => {
    if (!help) return;
    if (help.section) jump(help.section);
    else scrollRef.current?.scrollTo({ top: 0 });
  }, [help]);

  return (
    <div className="help-view" data-testid="help-view">
      <nav className="help-toc" aria-label="使用说明目录">
        <button type="button" className="help-back" onClick={closeHelp}>
          ← 返回
        </button>
        <h2>目录</h2>
        <ol>
          {HELP_SECTIONS.map((s) => (
            <li key={s.id}>
              <a
                href={`#${helpAnchor(s.id)}`}
                onClick={(e) => {
                  e.preventDefault();
                  jump(s.id);
                }}
              >
                {s.title}
              </a>
            </li>
          ))}
        </ol>
        <div className="help-toc-actions">
          <button type="button" className="link-btn" onClick={() => setAboutOpen(true)}>
            关于质量年报工作台
          </button>
        </div>
      </nav>
      <div className="help-scroll" ref={scrollRef}>
        <article className="help-doc">
          <h1>{HELP_TITLE}</h1>
          <p className="help-intro">{HELP_INTRO}</p>
          {HELP_SECTIONS.map((s, i) => (
            <section key={s.id} className="help-section" aria-labelledby={helpAnchor(s.id)}>
              <h2 id={helpAnchor(s.id)} tabIndex={-1}>
                {i + 1}. {s.title}
              </h2>
              {s.blocks.map((b, n) => (
                // blocks are static text in a fixed order
                // biome-ignore lint/suspicious/noArrayIndexKey: the list never changes while shown
                <Fragment key={n}>
                  <Block b={b} />
                </Fragment>
              ))}
            </section>
          ))}
        </article>
      </div>
    </div>
  );
}
