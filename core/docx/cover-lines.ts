/**
 * The cover's lines below the edition — 编制单位, 编制日期, 编制依据 — with the labels of the layout's styles. One
 * function for the Word cover (core/docx/write.ts) and the paged preview (which Chromium prints as the PDF), so
 * the two covers read the same.
 */
import type { ReportCover } from '../report/model';
import type { ReportStyles } from './styles';

export interface CoverFootLines {
  /** 「编制单位：…」, null when no one is named (a district summary without a region) */
  unit: string | null;
  /** 「编制日期：2024年12月」 */
  date: string;
  /** 「编制依据：教职成司函〔2024〕29号」 by the notice's 文号 only, null when the framework names no notice */
  notice: string | null;
}

export function coverFootLines(cover: ReportCover, st: Pick<ReportStyles, 'cover'>): CoverFootLines {
  return {
    unit: cover.preparedBy.trim() ? `${st.cover.unit.text ?? ''}${cover.preparedBy}` : null,
    date: `${st.cover.date.text ?? ''}${cover.date}`,
    notice: cover.notice?.number ? `${st.cover.notice.text ?? ''}${cover.notice.number}` : null,
  };
}
