/**
 * The rich-text side of bound figures: a ProseMirror schema with one inline atom (`figure`) and the conversion
 * between the stored text (core/figures/tokens.ts: plain text with {{fig|chg|pct:…}} markers, paragraphs split at
 * 「\n」) and the editor's document. The conversion is exact both ways, so typing never changes text the user did
 * not touch (tests/figure-doc.test.ts).
 *
 * Why ProseMirror (used directly, not through Tiptap, and not Lexical), compared for this job on 2026-11:
 * - Chinese IME: ProseMirror reads the DOM after composition ends and never re-renders the composing text node,
 *   the long-standing weak spot of editors that re-render on every input (Lexical has had composition bugs with
 *   Chinese IMEs in Chrome/Safari in its 0.x line); our React wrapper also never resets the document while
 *   composing.
 * - Inline tokens: an inline `atom` node is first-class (selected, deleted, copied as one unit) and its clipboard
 *   HTML carries the marker, so tokens survive copy/paste between paragraphs; plain text copied out is the printed
 *   figure, as a reader expects.
 * - Size and upkeep: prosemirror-model/state/view/keymap/history/commands are small (≈ 110 kB minified together),
 *   1.x and stable for years, maintained by the author; Tiptap adds a layer (and its extension registry) we do not
 *   need for one node type; Lexical is 0.x with API changes between minor versions.
 */
import { type Node as PMNode, Schema } from 'prosemirror-model';
import { type FigureToken, figureMarker, parseFigureText } from '../../core/figures/tokens';

/**
 * How a figure reads when it leaves the editor as text or HTML (the clipboard): the printed figure. The editor sets
 * it to core/figures' renderer over the current values; until then, the marker itself.
 */
let printed: (t: FigureToken) => string = figureMarker;
export function setFigurePrinter(fn: (t: FigureToken) => string): void {
  printed = fn;
}

export const figureSchema = new Schema({
  nodes: {
    doc: { content: 'para+' },
    para: {
      content: 'inline*',
      parseDOM: [{ tag: 'p' }, { tag: 'div' }],
      toDOM: () => ['p', 0],
    },
    text: { group: 'inline' },
    figure: {
      group: 'inline',
      inline: true,
      atom: true,
      selectable: true,
      attrs: { form: { default: 'fig' }, indicatorId: { default: '' }, year: { default: 0 }, baseYear: { default: 0 } },
      // copied out: the marker in data-fig (read back on paste), the printed figure as the visible text
      toDOM: (node) => {
        const t = tokenOfNode(node);
        return ['span', { 'data-fig': figureMarker(t), class: 'fig-token' }, printed(t)];
      },
      parseDOM: [
        {
          tag: 'span[data-fig]',
          getAttrs: (dom) => {
            const marker = (dom as HTMLElement).getAttribute('data-fig') ?? '';
            const seg = parseFigureText(marker);
            const t = seg.length === 1 && seg[0]?.kind === 'token' ? seg[0].token : undefined;
            return t ? attrsOf(t) : false;
          },
        },
      ],
      leafText: (node) => printed(tokenOfNode(node)),
    },
  },
});

export function attrsOf(t: FigureToken): Record<string, unknown> {
  return { form: t.form, indicatorId: t.indicatorId, year: t.year, baseYear: t.baseYear ?? 0 };
}

export function tokenOfNode(node: PMNode): FigureToken {
  const a = node.attrs as { form: FigureToken['form']; indicatorId: string; year: number; baseYear: number };
  return a.form === 'fig'
    ? { form: 'fig', indicatorId: a.indicatorId, year: a.year }
    : { form: a.form, indicatorId: a.indicatorId, year: a.year, baseYear: a.baseYear || a.year - 1 };
}

/** Stored text → editor document: one `para` per line (empty lines kept), markers as figure atoms. */
export function docFromText(text: string): PMNode {
  const paras = text.split('\n').map((line) => {
    const inline: PMNode[] = [];
    for (const s of parseFigureText(line)) {
      if (s.kind === 'text') inline.push(figureSchema.text(s.text));
      else inline.push(figureSchema.nodes.figure.create(attrsOf(s.token)));
    }
    return figureSchema.nodes.para.create(null, inline);
  });
  return figureSchema.nodes.doc.create(null, paras);
}

/** Editor document → stored text (the inverse of docFromText). */
export function textFromDoc(doc: PMNode): string {
  const lines: string[] = [];
  doc.forEach((para) => {
    let line = '';
    para.forEach((n) => {
      if (n.isText) line += n.text ?? '';
      else if (n.type.name === 'figure') line += figureMarker(tokenOfNode(n));
    });
    lines.push(line);
  });
  return lines.join('\n');
}
