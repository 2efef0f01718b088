/**
 * What a district draft is named after when the reviewer gives no name, and the scope words its prose uses
 * (全市 / 全区 …). Pure and small: the district draft (district.ts), the review summary's cover (summary-docx.ts)
 * and the app's save dialog (renderer/store/review.ts) all name the draft with it.
 */

/**
 * 全市 / 全区 / 全县 / 全省 by the kind of region the draft is about (重庆市 → 全市, 渝中区 → 全区); 本地区 when the
 * name says neither. `inside` is the same for 「…内」: 市内, 区内.
 */
export function regionScope(name: string): { all: string; inside: string } {
  // several regions (districtNameOf) are no one kind of region: 「渝中区、江北区共有…」, never 「全区」
  if (isRegionList(name)) return { all: name.trim(), inside: name.trim() };
  // 「本地区」 is the stand-in when no region is known: it names no kind of region
  const kind = name.trim() === '本地区' ? undefined : /(省|自治区|市|州|盟|县|旗|区)$/.exec(name.trim())?.[1];
  if (!kind || kind === '自治区') return kind ? { all: '全区', inside: '区内' } : { all: '本地区', inside: '本地区内' };
  return { all: `全${kind}`, inside: `${kind}内` };
}

/**
 * The region a draft is titled with when the user gave none: the region every school's profile names, if they
 * agree; otherwise undefined — the first school's region is not the district's — and the caller says so.
 */
export function sharedRegion(schools: readonly { profile: { region: string } }[]): string | undefined {
  const regions = new Set(schools.map((s) => s.profile.region.trim()));
  const [only] = [...regions];
  return regions.size === 1 && only ? only : undefined;
}

const MAX_LISTED_REGIONS = 3;

const isRegionList = (name: string) => name.includes('、') || /等 \d+ 个地区$/.test(name.trim());

/**
 * What a draft is titled with when the user gave no name: the schools' one region, or — when they differ — the
 * regions themselves, most schools first (「渝中区、江北区」, over three 「渝中区、江北区等 5 个地区」), so a reader
 * sees which regions the figures cover rather than 「本地区」, which names none. `shared` is false when the schools'
 * regions differ or some school has none (the caller then says what it wrote). Undefined when no school has one.
 */
export function districtNameOf(
  schools: readonly { profile: { region: string } }[],
): { name: string; shared: boolean } | undefined {
  const counts = new Map<string, number>();
  for (const s of schools) {
    const r = s.profile.region.trim();
    if (r) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  // most schools first; ties keep the order the schools came in (Array.prototype.sort is stable)
  const regions = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([r]) => r);
  if (regions.length === 0) return undefined;
  const shared = sharedRegion(schools) !== undefined;
  if (regions.length <= MAX_LISTED_REGIONS) return { name: regions.join('、'), shared };
  return { name: `${regions.slice(0, 2).join('、')}等 ${regions.length} 个地区`, shared };
}
