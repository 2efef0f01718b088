/**
 * word/fontTable.xml with substitution guidance. Word, WPS and LibreOffice read a font's w:altName (the English
 * name many Linux and Mac systems install it under), its PANOSE classification and character set when the named
 * face is missing — on Kylin/UOS with WPS, or a Mac without 仿宋 — and pick the nearest face they have instead of
 * a generic fallback that would change line lengths. docx writes an empty table, so the writer overrides it.
 */
import type { ReportStyles, TextStyle } from './styles';

interface FontInfo {
  altName?: string;
  panose: string;
  charset: string;
  family: 'roman' | 'swiss' | 'modern' | 'script' | 'auto';
  pitch: 'fixed' | 'variable';
}

// PANOSE and names as Windows' own font files declare them (Word writes the same into documents it saves)
const KNOWN: Record<string, FontInfo> = {
  宋体: { altName: 'SimSun', panose: '02010600030101010101', charset: '86', family: 'auto', pitch: 'variable' },
  黑体: { altName: 'SimHei', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  仿宋: { altName: 'FangSong', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  楷体: { altName: 'KaiTi', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  仿宋_GB2312: {
    altName: 'FangSong_GB2312',
    panose: '02010609030101010101',
    charset: '86',
    family: 'modern',
    pitch: 'fixed',
  },
  楷体_GB2312: {
    altName: 'KaiTi_GB2312',
    panose: '02010609030101010101',
    charset: '86',
    family: 'modern',
    pitch: 'fixed',
  },
  方正小标宋简体: {
    altName: 'FZXiaoBiaoSong-B05S',
    panose: '02000000000000000000',
    charset: '86',
    family: 'script',
    pitch: 'fixed',
  },
  'Times New Roman': { panose: '02020603050405020304', charset: '00', family: 'roman', pitch: 'variable' },
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Every face the styles name, Latin first. */
export function stylesFonts(st: ReportStyles): string[] {
  const names = new Set<string>([st.latinFont]);
  const visit = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const t = v as TextStyle;
    if (typeof t.font === 'string') names.add(t.font);
    for (const x of Object.values(v)) visit(x);
  };
  visit(st);
  return [...names];
}

export function fontTableXml(fonts: readonly string[]): string {
  const body = fonts
    .map((name) => {
      const f = KNOWN[name];
      if (!f)
        return `<w:font w:name="${esc(name)}"><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`;
      return (
        `<w:font w:name="${esc(name)}">` +
        (f.altName ? `<w:altName w:val="${esc(f.altName)}"/>` : '') +
        `<w:panose1 w:val="${f.panose}"/><w:charset w:val="${f.charset}"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    body +
    '</w:fonts>'
  );
}
