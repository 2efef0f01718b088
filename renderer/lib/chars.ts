/**
 * Length as the report conventions count it (core/validate/format charCount, the validator's own count, so the
 * editor's 「N / 1000 字」 is the number a finding quotes).
 */
export { charCount as countChars } from '../../core/validate/format';

/** Limits shown beside editors; over the limit the count turns red. */
export const LIMITS = { caseBody: 1000, lead: 40, chapterIntro: 400 } as const;
