/**
 * The paged preview: the report model drawn as A4 sheets — cover, 目录 with page numbers (Roman, as in Word),
 * body pages with the running header and 「— n —」 page numbers — broken into pages by paginate.ts after the
 * browser has measured every block at the printed text width, with the Word document's fonts, sizes and margins
 * (templates/report/styles.json, core/docx/geometry.ts).
 *
 * Two passes: (1) every block is drawn once, hidden, in a column as wide as the page's text box and measured;
 * (2) the planned pages are drawn. The root carries data-paged = measuring | done | error; 'done' also waits for
 * the charts and photos on the pages, so a print (Chromium/Electron → PDF) never catches a half-drawn page.
 */
import { type CSSProperties, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { coverFootLines } from '../../../core/docx/cover-lines';
import { chartBoxMm, photoBoxMm, textBoxMm } from '../../../core/docx/geometry';
import { getReportStyles, type ReportLayoutId, type ReportStyles, type TextStyle } from '../../../core/docx/styles';
import type { AppendixTable, FigureItem, ReportModel, TableItem } from '../../../core/report/model';
import { AssetImage } from '../../components/blocks/AssetImage';
import { ChartSlot } from '../../components/blocks/ChartSlot';
import {
  anchorPages,
  bodyFlow,
  type FlowBlock,
  type Fragment,
  type Measure,
  type PlannedPage,
  planPages,
  roman,
  tocFlow,
} from './paginate';

/** CSS font stacks for the Word document's Chinese faces (Windows, macOS, Linux in that order). */
const FONT_STACKS: Record<string, string> = {
  仿宋: '"FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", serif',
  楷体: '"KaiTi", "楷体", "STKaiti", "Noto Serif CJK SC", serif',
  黑体: '"SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", sans-serif',
  宋体: '"SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", serif',
};
const stack = (font: string | undefined, st: ReportStyles) => {
  const f = font ?? st.body.font;
  return FONT_STACKS[f.replace(/_GB2312$/, '')] ?? `"${f}", ${FONT_STACKS.宋体}`;
};

/** The document's typography as CSS custom properties on the preview's root (CSSOM: allowed by the CSP). */
function cssVars(st: ReportStyles): CSSProperties {
  const box = textBoxMm(st);
  const m = st.page.marginMm;
  const text = (name: string, t: TextStyle) => ({
    [`--${name}-font`]: stack(t.font, st),
    [`--${name}-size`]: `${t.sizePt ?? st.body.sizePt}pt`,
    [`--${name}-line`]: t.lineSpacingPt ? `${t.lineSpacingPt}pt` : 'normal',
    [`--${name}-before`]: `${t.spaceBeforePt ?? 0}pt`,
    [`--${name}-after`]: `${t.spaceAfterPt ?? 0}pt`,
  });
  return {
    '--page-top': `${m.top}mm`,
    '--page-left': `${m.left}mm`,
    '--page-header': `${st.page.headerMm}mm`,
    '--page-footer': `${st.page.footerMm}mm`,
    '--text-width': `${box.widthMm}mm`,
    '--text-height': `${box.heightMm}mm`,
    ...text('body', st.body),
    '--body-indent': `${st.body.firstLineChars ?? 2}em`,
    ...text('h1', { ...st.chapterHeading, lineSpacingPt: st.chapterHeading.lineSpacingPt ?? st.body.lineSpacingPt }),
    ...text('preface', {
      ...st.prefaceHeading,
      lineSpacingPt: st.prefaceHeading.lineSpacingPt ?? st.body.lineSpacingPt,
    }),
    ...text('h2', { ...st.sectionHeading, lineSpacingPt: st.sectionHeading.lineSpacingPt ?? st.body.lineSpacingPt }),
    ...text('case', st.case.body),
    ...text('casetitle', st.case.title),
    ...text('figcap', st.figureCaption),
    ...text('tabcap', st.tableCaption),
    ...text('source', st.sourceLine),
    ...text('table', st.table.text),
    ...text('toc1', st.toc1),
    ...text('toc2', st.toc2),
    ...text('header', st.header),
    ...text('footer', st.footer),
    '--case-border': `#${st.case.borderColor}`,
    '--case-fill': `#${st.case.fill}`,
    '--table-head': `#${st.table.headerFill}`,
  } as CSSProperties;
}

const mm = (v: number) => `${Math.round(v * 10) / 10}mm`;

function FigureBlock({ item, st, live }: { item: FigureItem; st: ReportStyles; live: boolean }) {
  const chart = chartBoxMm(st);
  const photo = item.image ? photoBoxMm(st, item.image.heightPx / item.image.widthPx) : null;
  const box = item.figureKind === 'chart' ? chart : (photo ?? { w: 60, h: 12 });
  return (
    <figure className="pp-figure">
      <div className="pp-figure-box" style={{ width: mm(box.w), height: mm(box.h) }}>
        {live && item.chart && (
          <ChartSlot
            spec={item.chart}
            showWarnings={false}
            showTitle={false}
            widthPx={Math.round((box.w / 25.4) * 96)}
            heightPx={Math.round((box.h / 25.4) * 96)}
          />
        )}
        {live && item.image && <AssetImage assetId={item.image.assetId} alt={item.caption} className="pp-photo" />}
        {item.missingAssetId && <div className="img-missing">（图片缺失：{item.missingAssetId}）</div>}
        {item.chartError && <div className="img-missing">（图表缺失）</div>}
      </div>
      <figcaption className="pp-figcap">{item.captionLine}</figcaption>
      {item.sourceLine && <p className="pp-source">{item.sourceLine}</p>}
    </figure>
  );
}

function isAppendix(t: TableItem | AppendixTable): t is AppendixTable {
  return 'tableId' in t;
}

function TableBlock({ table, from, to }: { table: TableItem | AppendixTable; from?: number; to?: number }) {
  const rows = isAppendix(table)
    ? table.rows.map((r) => ({ key: r.indicatorId, indent: r.indent, cells: [r.no, r.name, r.unit, ...r.values] }))
    : table.rows.map((cells, i) => ({ key: String(i), indent: 0, cells }));
  const first = from === undefined || from === 0;
  const end = to ?? rows.length;
  const appendix = isAppendix(table);
  return (
    <div className="pp-table">
      <p className="pp-tabcap">{first ? table.captionLine : `续${table.label}`}</p>
      <table>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a static rendering of the report model
              <th key={`${i}-${c}`}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(from ?? 0, end).map((r) => (
            <tr key={r.key} data-row>
              {r.cells.map((c, j) => (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: a static rendering of the report model
                  key={j}
                  className={appendix ? (j === 1 ? `name indent-${r.indent}` : j === 0 || j === 2 ? 'c' : 'num') : ''}
                >
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {end === rows.length && !isAppendix(table) && table.sourceLine && (
        <p className="pp-source pp-tail">{table.sourceLine}</p>
      )}
    </div>
  );
}

interface SplitText {
  /** character range [from, to) of lead + text */
  from: number;
  to: number;
}

function Para({ b, split }: { b: Extract<FlowBlock, { kind: 'para' }>; split?: SplitText }) {
  const all = b.lead.length + b.text.length;
  const from = split?.from ?? 0;
  const to = split?.to ?? all;
  const lead = b.lead.slice(from, Math.min(to, b.lead.length));
  const text = b.text.slice(Math.max(0, from - b.lead.length), Math.max(0, to - b.lead.length));
  const cls = ['pp-para', b.inCase ? 'in-case' : '', from > 0 ? 'cont' : '', to < all ? 'split' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <p className={cls}>
      {lead && <strong>{lead}</strong>}
      {text}
    </p>
  );
}

/** One block (or a piece of it) as it prints. `live` draws charts and photos (pages, not the measuring pass). */
function Block({
  b,
  st,
  live,
  frag,
  split,
  tocPage,
}: {
  b: FlowBlock;
  st: ReportStyles;
  live: boolean;
  frag?: Fragment;
  split?: SplitText;
  tocPage?: string;
}) {
  switch (b.kind) {
    case 'h1':
      return (
        <h1 id={live && b.anchor ? b.anchor : undefined} className={`pp-h1 pp-h1-${b.variant}`}>
          {b.text}
        </h1>
      );
    case 'h2':
      return (
        <h2 id={live ? b.anchor : undefined} className="pp-h2">
          {b.text}
        </h2>
      );
    case 'h3':
      return (
        <h3 id={live ? b.anchor : undefined} className="pp-h2 pp-h3">
          {b.text}
        </h3>
      );
    case 'para':
      return <Para b={b} split={split} />;
    case 'case-title':
      return <p className="pp-case-title">{b.text}</p>;
    case 'case-end':
      return <div className="pp-case-end" />;
    case 'figure':
      return <FigureBlock item={b.item} st={st} live={live} />;
    case 'table':
      return <TableBlock table={b.table} from={frag?.from} to={frag?.to} />;
    case 'toc':
      return (
        <p className={`pp-toc pp-toc${b.level}`}>
          <a href={`#${b.anchor}`}>{b.text}</a>
          <span className="pp-dots" />
          <span className="pp-toc-page">{tocPage ?? ''}</span>
        </p>
      );
  }
}

/** Measures one drawn block: its wrapper (box, margins) and for paragraphs the text's lines (paginate.ts Measure). */
function measure(wrap: HTMLElement, b: FlowBlock): Measure {
  const px = (v: string) => Number.parseFloat(v) || 0;
  const cw = getComputedStyle(wrap);
  const height = wrap.getBoundingClientRect().height;
  const out: Measure = { height, marginTop: px(cw.marginTop), marginBottom: px(cw.marginBottom) };
  const el = wrap.firstElementChild as HTMLElement | null;
  if (b.kind === 'para' && el) {
    const cs = getComputedStyle(el);
    const lineHeight = px(cs.lineHeight) || px(cs.fontSize) * 1.5;
    const padTop = px(cs.paddingTop) + px(cs.borderTopWidth) + px(cw.paddingTop) + px(cw.borderTopWidth);
    const padBottom = px(cs.paddingBottom) + px(cs.borderBottomWidth) + px(cw.paddingBottom) + px(cw.borderBottomWidth);
    out.lines = {
      count: Math.max(1, Math.round((height - padTop - padBottom) / lineHeight)),
      lineHeight,
      padTop,
      padBottom,
    };
  }
  if (b.kind === 'table' && el) {
    const outer = (e: Element | null) => {
      if (!e) return 0;
      // caption and header row with their margins
      const s = getComputedStyle(e);
      return e.getBoundingClientRect().height + px(s.marginTop) + px(s.marginBottom);
    };
    const head = outer(el.querySelector('.pp-tabcap')) + outer(el.querySelector('thead'));
    const heights = [...el.querySelectorAll('tr[data-row]')].map((r) => r.getBoundingClientRect().height);
    // what is not caption, header or rows (the 数据来源 line, borders, the space below) goes with the last row
    const tail = Math.max(0, height - head - heights.reduce((a, b) => a + b, 0));
    out.rows = { head, heights, tail };
  }
  return out;
}

/** The character offset (in lead + text) where line `line` of a measured paragraph starts. */
function lineStartOffset(el: HTMLElement, line: number, lineHeight: number, padTop: number): number {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const starts: number[] = [];
  let total = 0;
  for (const n of nodes) {
    starts.push(total);
    total += n.data.length;
  }
  const range = document.createRange();
  const topOf = (i: number) => {
    let k = nodes.length - 1;
    while (k > 0 && starts[k]! > i) k--;
    const node = nodes[k]!;
    const off = i - starts[k]!;
    range.setStart(node, off);
    range.setEnd(node, Math.min(node.data.length, off + 1));
    const r = range.getClientRects()[0] ?? range.getBoundingClientRect();
    return r.top;
  };
  const limit = el.getBoundingClientRect().top + padTop + (line - 0.5) * lineHeight;
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (topOf(mid) < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The wrapper of a block, the same in the measuring pass and on the pages (a case box's sides and fill). */
function wrapperClass(b: FlowBlock): string {
  const inCase = (b.kind === 'para' && b.inCase) || b.kind === 'case-title' || b.kind === 'case-end';
  return inCase ? 'pp-frag pp-in-case' : 'pp-frag';
}

interface Plan {
  body: PlannedPage[];
  toc: PlannedPage[];
  /** character ranges of split paragraphs, by block index and starting line */
  splits: Map<string, SplitText>;
  anchors: Map<string, number>;
}

export function PagedPreview({
  model,
  layout = 'official',
  onPlanned,
}: {
  model: ReportModel;
  /** the layout the Word file is written in (公文版式/报告版式): the pages are laid out with its styles */
  layout?: ReportLayoutId;
  /** page count once laid out (cover + 目录 + body) */
  onPlanned?: (pages: number) => void;
}) {
  const st = useMemo(() => getReportStyles(layout), [layout]);
  // the Word cover's lines with the layout's labels (编制单位：…, 编制日期：…, 编制依据：…)
  const cover = coverFootLines(model.cover, st);
  const body = useMemo(() => bodyFlow(model), [model]);
  const toc = useMemo(() => tocFlow(model, st.tocHeading.text ?? '目  录'), [model, st]);
  const measureRef = useRef<HTMLDivElement | null>(null);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [state, setState] = useState<'measuring' | 'done' | 'error'>('measuring');
  const [error, setError] = useState('');

  useLayoutEffect(() => {
    setPlan(null);
    setState('measuring');
    let live = true;
    void document.fonts.ready.then(() => {
      const root = measureRef.current;
      if (!live || !root) return;
      try {
        // the text box's height in CSS px (1 mm = 96 / 25.4 px, as the sheets are laid out in mm)
        const height = (textBoxMm(st).heightMm / 25.4) * 96;
        const measured = (list: FlowBlock[], group: string) =>
          list.map((b, i) => {
            const el = root.querySelector<HTMLElement>(`[data-m="${group}-${i}"]`);
            return el ? measure(el, b) : { height: 0, marginTop: 0, marginBottom: 0 };
          });
        const bodyM = measured(body, 'b');
        const bodyPages = planPages(body, bodyM, height);
        const tocPages = planPages(toc, measured(toc, 't'), height);
        const splits = new Map<string, SplitText>();
        for (const p of bodyPages)
          for (const f of p.fragments) {
            const b = body[f.block];
            const m = bodyM[f.block];
            if (b?.kind !== 'para' || f.from === undefined || !m?.lines) continue;
            const el = root.querySelector<HTMLElement>(`[data-m="b-${f.block}"]`)?.firstElementChild as HTMLElement;
            const at = (line: number) =>
              line >= m.lines!.count
                ? b.lead.length + b.text.length
                : lineStartOffset(el, line, m.lines!.lineHeight, m.lines!.padTop);
            splits.set(`${f.block}:${f.from}`, { from: at(f.from), to: at(f.to ?? m.lines.count) });
          }
        setPlan({ body: bodyPages, toc: tocPages, splits, anchors: anchorPages(body, bodyPages) });
        onPlanned?.(1 + tocPages.length + bodyPages.length);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        setState('error');
      }
    });
    return () => {
      live = false;
    };
  }, [body, toc, onPlanned, st]);

  // 'done' once the pages' charts are drawn and photos loaded (what a print must wait for). Polled with timers,
  // not animation frames: a print window or a background tab gets no frames, and must still finish.
  useEffect(() => {
    if (!plan) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = performance.now();
    const check = () => {
      const root = rootRef.current;
      if (!root) return;
      const charts = [...root.querySelectorAll('.pp-pages .pp-figure-box')].filter((b) =>
        b.querySelector('.chart-slot'),
      );
      const drawn = charts.every((c) => c.querySelector('[data-drawn="1"]'));
      const images = [...root.querySelectorAll<HTMLImageElement>('.pp-pages img')].every((i) => i.complete);
      const loading = root.querySelector('.pp-pages .img-loading');
      if ((drawn && images && !loading) || performance.now() - started > 30_000) {
        setState('done');
        return;
      }
      timer = setTimeout(check, 100);
    };
    timer = setTimeout(check, 0);
    return () => clearTimeout(timer);
  }, [plan]);

  const header = model.meta.fullTitle;
  const [before, after] = st.footer.pageNumber.split('{n}');
  const footer = (n: string) => `${before ?? ''}${n}${after ?? ''}`;
  const fragmentsOf = (p: PlannedPage, list: FlowBlock[], tocPages?: Map<string, number>) =>
    p.fragments.map((f) => {
      const b = list[f.block]!;
      const split = f.from !== undefined ? plan?.splits.get(`${f.block}:${f.from}`) : undefined;
      return (
        <div key={`${f.block}-${f.from ?? 0}`} className={wrapperClass(b)}>
          <Block
            b={b}
            st={st}
            live
            frag={f}
            split={split}
            tocPage={b.kind === 'toc' ? String(tocPages?.get(b.anchor) ?? '') : undefined}
          />
        </div>
      );
    });

  return (
    <div className="paged" ref={rootRef} style={cssVars(st)} data-paged={state}>
      {state === 'error' && <p className="field-error pad">分页预览失败：{error}</p>}
      {/* pass 1: every block once, hidden, at the text box's width and height, to be measured */}
      {!plan && (
        <div className="pp-measure" aria-hidden="true">
          <div className="pp-body" ref={measureRef}>
            {body.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: blocks are measured by their place in the flow
              <div key={`b${i}`} data-m={`b-${i}`} className={wrapperClass(b)}>
                <Block b={b} st={st} live={false} />
              </div>
            ))}
            {toc.map((b, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: blocks are measured by their place in the flow
              <div key={`t${i}`} data-m={`t-${i}`} className={wrapperClass(b)}>
                <Block b={b} st={st} live={false} tocPage="99" />
              </div>
            ))}
          </div>
        </div>
      )}
      {plan && (
        <div className="pp-pages">
          <section className="pp-sheet pp-cover" data-page="cover">
            <div className="pp-cover-school">{model.cover.schoolName}</div>
            <div className="pp-cover-title">{model.cover.title}</div>
            <div className="pp-cover-edition">{model.cover.edition}</div>
            {cover.unit && <div className="pp-cover-unit">{cover.unit}</div>}
            <div className="pp-cover-date">{cover.date}</div>
            {cover.notice && <div className="pp-cover-notice">{cover.notice}</div>}
          </section>
          {plan.toc.map((p, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: pages are numbered by their place
            <section key={`toc${n}`} className="pp-sheet" data-page="toc" data-page-number={roman(n + 1)}>
              <div className="pp-body">{fragmentsOf(p, toc, plan.anchors)}</div>
              <footer className="pp-footer">{footer(roman(n + 1))}</footer>
            </section>
          ))}
          {plan.body.map((p, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: pages are numbered by their place
            <section key={`p${n}`} className="pp-sheet" data-page="body" data-page-number={n + 1}>
              <header className="pp-header">{header}</header>
              <div className="pp-body">{fragmentsOf(p, body)}</div>
              <footer className="pp-footer">{footer(String(n + 1))}</footer>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
