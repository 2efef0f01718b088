/**
 * Editable text with bound figures (chips) inside: ProseMirror (why: renderer/lib/figure-doc.ts) over the stored
 * text with markers. The chip prints the figure from the current values (core/figures, the same renderer as the
 * preview and Word) and is marked when its data is missing.
 *
 * - IME-safe: the document is never replaced while the user is composing, and the text the store echoes back is
 *   the text we emitted, so a keystroke never resets the editor.
 * - Undo: while the editor has the focus, Ctrl+Z/Ctrl+Y are its own (prosemirror-history), as for any text field;
 *   the workspace history records the field as one step when the focus leaves (store/writing.ts editBlock/flush).
 * - An outside change (an undo from the workspace history, a reload) replaces the document.
 */
import { baseKeymap } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { type Node as PMNode, Slice } from 'prosemirror-model';
import { type Command, EditorState, TextSelection } from 'prosemirror-state';
import { EditorView, type NodeView } from 'prosemirror-view';
import { useEffect, useRef } from 'react';
import { type FigureSource, renderFigure } from '../../../core/figures/render';
import type { FigureToken } from '../../../core/figures/tokens';
import { attrsOf, docFromText, figureSchema, setFigurePrinter, textFromDoc, tokenOfNode } from '../../lib/figure-doc';
import { noteCaret, registerFigureTarget, useFigureSource } from '../../store/figures';

const PROBLEM_TEXT: Record<string, string> = {
  missing: '没有数据，报告中印出「—」',
  'missing-base': '比较年份没有数据，报告中印出「—」',
  'zero-base': '比较年份的值为 0，无法计算增长率，报告中印出「—」',
  'unknown-indicator': '指标体系中没有这个指标，报告中印出「—」',
  'not-applicable': '表格中标为「不适用」，报告中印出「不适用」（较上年变化印出「—」）',
};

function chipViews(src: FigureSource | null) {
  return {
    figure: (node: PMNode): NodeView => {
      const dom = document.createElement('span');
      const t = tokenOfNode(node);
      const r = src ? renderFigure(t, src) : undefined;
      dom.className = r?.problem ? 'fig-token missing' : 'fig-token';
      dom.contentEditable = 'false';
      dom.textContent = r?.text ?? '…';
      dom.title = r
        ? `${r.label}：${r.problem ? PROBLEM_TEXT[r.problem] : '按表格中的数据显示，数据修改后自动更新'}`
        : '';
      dom.dataset.fig = `${t.form}:${t.indicatorId}:${t.year}${t.baseYear ? `:${t.baseYear}` : ''}`;
      return { dom, ignoreMutation: () => true };
    },
  };
}

export function FigureTextEditor(props: {
  value: string;
  onChange: (text: string) => void;
  readOnly: boolean;
  /** one line (段首句): Enter does not split */
  singleLine?: boolean;
  placeholder?: string;
  ariaLabel: string;
  /** unique per field: where 「插入数据」 goes (the last caret) */
  fieldKey: string;
  /** the place for the toast: 「段落正文」 */
  placeLabel: string;
  className?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const emitted = useRef(props.value);
  const latest = useRef(props);
  latest.current = props;
  const src = useFigureSource();

  // created once per field; props reach it through `latest`
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view lives as long as the field
  useEffect(() => {
    if (!host.current) return;
    const enter: Record<string, Command> = props.singleLine ? { Enter: () => true, 'Shift-Enter': () => true } : {};
    const v = new EditorView(host.current, {
      state: EditorState.create({
        doc: docFromText(props.value),
        plugins: [
          history(),
          keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo, ...enter }),
          keymap(baseKeymap),
        ],
      }),
      editable: () => !latest.current.readOnly,
      nodeViews: chipViews(src),
      attributes: {
        'aria-label': props.ariaLabel,
        role: 'textbox',
        'aria-multiline': props.singleLine ? 'false' : 'true',
        class: 'fig-text',
        ...(props.placeholder ? { 'data-placeholder': props.placeholder } : {}),
      },
      // plain text with markers (copied from 上一年度参考 or an exported file) pastes as chips
      clipboardTextParser: (text: string) => new Slice(docFromText(text.replace(/\r\n?/g, '\n')).content, 1, 1),
      // pasted plain text into one line: line breaks become spaces (the 段首句 is one sentence)
      ...(props.singleLine ? { transformPastedText: (t: string) => t.replace(/\s*[\r\n]+\s*/g, ' ') } : {}),
      dispatchTransaction(tr) {
        const next = v.state.apply(tr);
        v.updateState(next);
        // where the caret is in the stored text, for 「插入到正文」 from the grid after this view is gone
        if (tr.selectionSet || tr.docChanged)
          noteCaret(latest.current.fieldKey, textFromDoc(next.doc.cut(0, next.selection.from)).length);
        if (!tr.docChanged) return;
        let text = textFromDoc(next.doc);
        if (latest.current.singleLine) text = text.replace(/\n/g, '');
        emitted.current = text;
        latest.current.onChange(text);
      },
      handleDOMEvents: {
        focus: () => {
          noteCaret(latest.current.fieldKey);
          return false;
        },
      },
    });
    view.current = v;
    const off = registerFigureTarget(props.fieldKey, {
      label: props.placeLabel,
      insert(token: FigureToken) {
        if (latest.current.readOnly || v.isDestroyed) return false;
        const node = figureSchema.nodes.figure.create(attrsOf(token));
        v.dispatch(v.state.tr.replaceSelectionWith(node, false).scrollIntoView());
        v.focus();
        return true;
      },
    });
    return () => {
      off();
      v.destroy();
      view.current = null;
    };
  }, [props.fieldKey]);

  // chips follow the data: new node views redraw every chip (prosemirror-view compares them)
  useEffect(() => {
    if (src) setFigurePrinter((t) => renderFigure(t, src).text);
    view.current?.setProps({ nodeViews: chipViews(src) });
  }, [src]);

  // an outside change (undo from the workspace history, a reload): replace the document, never mid-composition
  useEffect(() => {
    const v = view.current;
    if (!v || props.value === emitted.current) return;
    if (v.composing) return;
    emitted.current = props.value;
    const doc = docFromText(props.value);
    const end = Math.min(v.state.selection.from, doc.content.size);
    const state = EditorState.create({ doc, plugins: v.state.plugins });
    v.updateState(state.apply(state.tr.setSelection(TextSelection.near(state.doc.resolve(end)))));
  }, [props.value]);

  useEffect(() => {
    view.current?.setProps({ editable: () => !props.readOnly });
  }, [props.readOnly]);

  return <div ref={host} className={`fig-editor ${props.singleLine ? 'single' : ''} ${props.className ?? ''}`} />;
}
