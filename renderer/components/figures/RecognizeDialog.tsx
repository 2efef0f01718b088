/**
 * 识别数字: the typed figures of the open chapter that stand for an indicator and year (core/figures/recognize.ts),
 * each with what the data say; bind one with a click, or all that agree with the data at once. A typed number the
 * data contradict is shown with the data's value and bound only by its own click (the user decides).
 */
import { useMemo } from 'react';
import { applyProposals, type FigureProposal, recognizeFigures } from '../../../core/figures/recognize';
import type { Block, BlockContent } from '../../../core/model';
import { blockName } from '../../lib/places';
import { useApp } from '../../store/app';
import { useFigurePicker, useFigureSource } from '../../store/figures';
import { editBlock, editChapter, flushBlock, flushChapter } from '../../store/writing';
import { Dialog } from '../Dialog';

/** One text field of the chapter: where it is and how to write it back. */
interface Field {
  key: string;
  place: string;
  text: string;
  write(text: string): void;
}

const FIELD_NAMES: Record<string, string> = {
  lead: '段首句',
  text: '正文',
  title: '标题',
  body: '正文',
  problems: '问题表现',
  plans: '下一步打算',
};

function blockFields(b: Block): Field[] {
  const c = b.content;
  const keys =
    c.kind === 'paragraph'
      ? (['lead', 'text'] as const)
      : // titles are one-line inputs without chips: their numbers stay typed (the narrative check still reads them)
        c.kind === 'case'
        ? (['body'] as const)
        : c.kind === 'challenge'
          ? (['problems', 'plans'] as const)
          : [];
  return keys.map((k) => ({
    key: `${b.id}:${k}`,
    place: `${blockName(c)} · ${FIELD_NAMES[k]}`,
    text: (c as Record<string, unknown>)[k] as string,
    write(text: string) {
      const cur = useApp.getState().session?.workspace.blocks.find((x) => x.id === b.id)?.content;
      if (!cur || cur.kind !== c.kind) return;
      editBlock(b.id, { ...cur, [k]: text } as BlockContent, { separate: true });
      flushBlock(b.id);
    },
  }));
}

const STATUS: Record<FigureProposal['status'], string> = {
  same: '与数据一致',
  differs: '与数据不一致',
  nodata: '表格中无数据',
};

export function RecognizeDialog() {
  const chapterId = useFigurePicker((s) => s.recognizeChapter);
  return chapterId ? <RecognizeBody chapterId={chapterId} /> : null;
}

function RecognizeBody({ chapterId }: { chapterId: string }) {
  const session = useApp((s) => s.session);
  const src = useFigureSource();
  const close = () => useFigurePicker.setState({ recognizeChapter: null });
  const fields = useMemo<Field[]>(() => {
    if (!session) return [];
    const ws = session.workspace;
    const ch = ws.chapters.find((c) => c.id === chapterId);
    if (!ch) return [];
    const out: Field[] = [
      {
        key: `intro:${ch.id}`,
        place: '章首概述',
        text: ch.intro,
        write(text) {
          editChapter(ch.id, { intro: text });
          flushChapter(ch.id);
        },
      },
    ];
    const sections = ws.sections.filter((s) => s.chapterId === ch.id).sort((a, b) => a.order - b.order);
    for (const s of sections)
      for (const b of ws.blocks.filter((x) => x.sectionId === s.id).sort((a, c) => a.order - c.order))
        out.push(...blockFields(b).map((f) => ({ ...f, place: `${s.title} · ${f.place}` })));
    return out;
  }, [session, chapterId]);
  const found = useMemo(() => {
    if (!session || !src) return [];
    const year = session.workspace.profile.reportYear;
    return fields.flatMap((f) => recognizeFigures(f.text, session.framework, src, year).map((p) => ({ field: f, p })));
  }, [fields, session, src]);
  if (!session) return null;
  const agreeing = found.filter((x) => x.p.status === 'same');
  const bind = (items: typeof found) => {
    const byField = new Map<Field, FigureProposal[]>();
    for (const { field, p } of items) byField.set(field, [...(byField.get(field) ?? []), p]);
    for (const [field, props] of byField) field.write(applyProposals(field.text, props));
    useApp.getState().notify('info', `已绑定 ${items.length} 处数字：数据修改后，正文随之更新。`);
  };
  return (
    <Dialog title="识别数字" onCancel={close} cancelLabel="关闭" testId="recognize-dialog">
      <div className="recognize">
        {found.length === 0 ? (
          <p>本章正文中没有找到与指标对应的手写数字（已绑定的数据不再列出）。</p>
        ) : (
          <>
            <p className="muted small">
              {`找到 ${found.length} 处手写数字对应表格中的指标，其中 ${agreeing.length} 处与数据一致。绑定后正文引用表格中的数据，数据修改时正文、预览和 Word 一同更新；与数据不一致的，请核对后逐个绑定（绑定后印出表格中的数值）。`}
            </p>
            <ul className="recognize-list">
              {found.map(({ field, p }) => (
                <li key={`${field.key}:${p.start}`} className={`st-${p.status}`}>
                  <span className="rc-place muted">{field.place}</span>
                  <span className="rc-typed">「{p.typed}」</span>
                  <span className="rc-label">{p.label}</span>
                  <span className="rc-data">
                    {STATUS[p.status]}
                    {p.status !== 'same' && `：数据为 ${p.printed}`}
                  </span>
                  <button
                    type="button"
                    className="tiny"
                    disabled={session.readOnly}
                    onClick={() => bind([{ field, p }])}
                  >
                    绑定
                  </button>
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="primary"
              disabled={session.readOnly || agreeing.length === 0}
              onClick={() => bind(agreeing)}
            >
              全部绑定（与数据一致的 {agreeing.length} 处）
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}
