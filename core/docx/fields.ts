/**
 * Complex fields written with their cached result, so every reader shows the right text before (or without)
 * updating fields: SEQ caption numbers (图/表, so Word can build a 图表目录), PAGEREF page numbers, and the
 * begin/separate/end characters that wrap the table of contents. docx's own helpers write these empty and dirty.
 */
import { BuilderElement, type IRunOptions, TextRun, type XmlComponent } from 'docx';

type FldCharType = 'begin' | 'separate' | 'end';

export function fldChar(type: FldCharType): XmlComponent {
  return new BuilderElement({ name: 'w:fldChar', attributes: { type: { key: 'w:fldCharType', value: type } } });
}

export function instrText(instruction: string): XmlComponent {
  const el = new BuilderElement({
    name: 'w:instrText',
    attributes: { space: { key: 'xml:space', value: 'preserve' } },
  });
  (el as unknown as { root: unknown[] }).root.push(` ${instruction} `);
  return el;
}

/** One run holding a whole field: instruction and the result text shown until (and unless) it is updated. */
export function fieldRun(instruction: string, result: string, run: IRunOptions = {}): TextRun {
  return new TextRun({
    ...run,
    children: [fldChar('begin'), instrText(instruction), fldChar('separate'), result, fldChar('end')] as never,
  });
}

/** The opening of a field whose result spans several paragraphs (the table of contents). */
export function fieldBeginRun(instruction: string): TextRun {
  return new TextRun({ children: [fldChar('begin'), instrText(instruction), fldChar('separate')] as never });
}

export function fieldEndRun(): TextRun {
  return new TextRun({ children: [fldChar('end')] as never });
}

/**
 * 「图 2-3」 as 「图 2-」 + a SEQ field of the 图 (or 表) sequence whose cached result is the model's number, so
 * Word's 插入表目录 (TOC \c "图") lists the captions. Each field says its number (`\r 3`): LibreOffice computes SEQ
 * fields itself on open and ignores the per-chapter restart (`\s 1`), counting 图 3-18 for the third chapter's
 * first figure (measured, LibreOffice 7.4); with `\r` every reader shows the model's number. (Word then keeps the
 * numbers as written when someone inserts a caption by hand; 更新域 does not renumber them.)
 */
export function captionLabelRuns(label: string, run: IRunOptions = {}): TextRun[] {
  const m = /^(图|表)\s*(\d+)-(\d+)$/.exec(label);
  if (!m) return [new TextRun({ ...run, text: label })];
  const [, kind, chapter, n] = m;
  return [
    new TextRun({ ...run, text: `${kind} ${chapter}-` }),
    fieldRun(`SEQ ${kind} \\* ARABIC \\r ${n}`, String(n), run),
  ];
}
