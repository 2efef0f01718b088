/**
 * Text runs for Chinese prose. “ ” ‘ ’ — … · are shared by Latin and Chinese text: Word picks their font by the
 * run's hint (set in every style, see style-defs.ts fontOf), but LibreOffice gives them the script of the letter
 * before, so 「“33618”」 came out with a full-width opening and a narrow closing quote. Each such stretch gets a run
 * of its own whose every font slot is the paragraph's East Asian face: full-width in Word, WPS and LibreOffice.
 */
import { type IRunOptions, TextRun } from 'docx';

const SHARED_PUNCTUATION = /[\u201C\u201D\u2018\u2019\u2014\u2026\u00B7]+/g;

export function textRuns(text: string, eastFont: string, run: IRunOptions = {}): TextRun[] {
  const out: TextRun[] = [];
  let at = 0;
  const plain = (s: string) => {
    if (s) out.push(new TextRun({ ...run, text: s }));
  };
  for (const m of text.matchAll(SHARED_PUNCTUATION)) {
    plain(text.slice(at, m.index));
    out.push(
      new TextRun({
        ...run,
        text: m[0],
        font: { ascii: eastFont, hAnsi: eastFont, eastAsia: eastFont, cs: eastFont, hint: 'eastAsia' },
      }),
    );
    at = (m.index ?? 0) + m[0].length;
  }
  plain(text.slice(at));
  return out;
}
