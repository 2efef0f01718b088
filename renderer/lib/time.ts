/**
 * Dates and times on screen are written as the reports write dates (2024年9月17日, seed 003 §7.2) with the clock
 * time: 2024年9月17日 10:32. Never the locale's 2024/9/17.
 */
const hm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

/** 2024年9月17日 10:32 (empty for a time that cannot be read) */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${hm(d)}`;
}

/** Times in the history lists: 今天 10:32 for today, else 2024年9月17日 10:32. */
export function formatTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toDateString() === now.toDateString() ? `今天 ${hm(d)}` : formatDateTime(iso);
}
