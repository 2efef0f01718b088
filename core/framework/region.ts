/**
 * Whose provincial targets apply to a school. A framework's `target` rules are one province's (its `region`,
 * 重庆市 for the builtin ones): they are checked for a school of that province, and for a school whose 所在地区
 * names no province (empty, or a district alone such as 「渝北区」, which is how many Chongqing schools fill it in).
 * A school whose 所在地区 names another province-level region is not held to them: 重庆市's 2025 targets are not
 * 四川省's, and reporting a shortfall against them would be wrong. Pure.
 */

/** The 34 province-level divisions, by the short name every way of writing them starts with. */
const PROVINCES = [
  '北京',
  '天津',
  '上海',
  '重庆',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
  '香港',
  '澳门',
  '台湾',
] as const;

/** The province a place name starts with (「四川省成都市」 → 四川), or undefined when it names none. */
export function provinceOf(place: string): string | undefined {
  const t = place.replace(/\s+/gu, '').replace(/^中国/u, '');
  // 山西 and 陕西 differ in their first character, so a plain prefix test cannot confuse them
  return PROVINCES.find((p) => t.startsWith(p));
}

/** Whether a framework's provincial targets (of `targetRegion`) apply to a school in `schoolRegion`. */
export function provincialTargetsApply(targetRegion: string, schoolRegion: string): boolean {
  const theirs = provinceOf(targetRegion);
  const ours = provinceOf(schoolRegion);
  return !theirs || !ours || theirs === ours;
}
