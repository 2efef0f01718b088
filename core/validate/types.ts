/**
 * Findings: what validation tells a user. Shared by the engine, the CLI's --json output, the API, the UI's
 * validation panel and the reviewers' compliance matrix.
 */
import * as z from 'zod';
import { Citation, Severity } from '../framework/schema';

export const FindingLocation = z.discriminatedUnion('type', [
  /** a table cell: table + indicator + year */
  z.object({
    type: z.literal('cell'),
    tableId: z.string(),
    tableName: z.string(),
    indicatorId: z.string(),
    indicatorName: z.string(),
    year: z.number().int(),
  }),
  /** a report block (or a chapter when blockId is absent) */
  z.object({
    type: z.literal('block'),
    chapterId: z.string(),
    chapterTitle: z.string(),
    sectionId: z.string().optional(),
    blockId: z.string().optional(),
  }),
  /** the workspace as a whole (e.g. a missing chapter) */
  z.object({ type: z.literal('workspace'), label: z.string() }),
]);
export type FindingLocation = z.infer<typeof FindingLocation>;

/**
 * Citation as shown to users: the document's title, 文号 and the place in it, in Chinese. Internal references
 * (seed file names, research notes) are never in it: `seed` and `note` are '' here and the finding's `detail`
 * holds them.
 */
export const ResolvedCitation = Citation.extend({
  title: z.string(),
  number: z.string(),
  /** one line: 《标题》（文号）where */
  text: z.string(),
});
export type ResolvedCitation = z.infer<typeof ResolvedCitation>;

export const FindingDetail = z.object({
  /** where the citation was found: seed file and lines, e.g. 001_ff79f49185d5f0d4.txt:6540-6542 */
  source: z.string().optional(),
  /** a research note behind the citation (kept out of the quote users see) */
  note: z.string().optional(),
  /** the value the finding suggests for its cell (a unit slip's corrected value), in the indicator's unit */
  suggestedValue: z.number().optional(),
});
export type FindingDetail = z.infer<typeof FindingDetail>;

export const Finding = z.object({
  ruleId: z.string(),
  kind: z.string(),
  severity: Severity,
  /** Chinese, with the values involved */
  message: z.string(),
  location: FindingLocation,
  citation: ResolvedCitation.nullable(),
  hint: z.string(),
  /** 'fail' = the rule is broken; 'progress' = a provincial target not yet due */
  status: z.enum(['fail', 'progress']).default('fail'),
  /** rule switched off / unconfirmed ([U]) — shown as 待核实 */
  unconfirmed: z.boolean().default(false),
  /** stable id of this finding: ruleId|location (comment targets of type 'finding' use it as `key`) */
  key: z.string().optional(),
  /** additive: machine detail, for tools and for checking the citation; not for display as the citation */
  detail: FindingDetail.optional(),
});
export type Finding = z.infer<typeof Finding>;

export const ValidationSummary = z.object({ error: z.number(), warning: z.number(), info: z.number() });
export const ValidationResult = z.object({
  findings: z.array(Finding),
  summary: ValidationSummary,
  /** per rule: passed / failed / no data / unconfirmed — used by reviewers' compliance matrix */
  ruleStatus: z.record(z.string(), z.enum(['pass', 'fail', 'nodata', 'unconfirmed'])),
});
export type ValidationResult = z.infer<typeof ValidationResult>;
