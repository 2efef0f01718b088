/** Length as the report conventions count it: characters without whitespace (seed003_spec §4.2). */
export function countChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/.test(ch)) n++;
  return n;
}

/** Limits shown beside editors; over the limit the count turns red. */
export const LIMITS = { caseBody: 1000, lead: 40, chapterIntro: 400 } as const;
