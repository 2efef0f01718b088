/**
 * An OOXML package check beyond "it unzips": every part well-formed XML; every internal relationship resolves
 * to a part; relationship ids unique per part; every r:id a part uses is one of its relationships; every part has
 * a content type (Default by extension or Override); bookmark ids and names, and drawing ids (wp:docPr), unique;
 * fields balanced (begin/separate/end). Returns the problems found, in Chinese-free plain words for test output.
 */
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';

export async function ooxmlProblems(docx: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(docx);
  const problems: string[] = [];
  const parts = Object.keys(zip.files).filter((p) => !zip.files[p]?.dir);
  const text = new Map<string, string>();
  for (const p of parts) if (/\.(xml|rels)$/.test(p)) text.set(p, (await zip.file(p)?.async('string')) ?? '');

  for (const [p, xml] of text) {
    const errors: string[] = [];
    new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') errors.push(String(msg));
      },
    }).parseFromString(xml, 'text/xml');
    if (errors.length) problems.push(`${p}: not well-formed: ${errors[0]}`);
  }

  const types = text.get('[Content_Types].xml') ?? '';
  const attr = (el: string, name: string) => new RegExp(`\\b${name}="([^"]+)"`).exec(el)?.[1];
  const defaults = new Set([...types.matchAll(/<Default\b[^>]*>/g)].map((m) => attr(m[0], 'Extension')?.toLowerCase()));
  const overrides = new Set([...types.matchAll(/<Override\b[^>]*>/g)].map((m) => attr(m[0], 'PartName')));
  for (const p of parts) {
    if (p === '[Content_Types].xml') continue;
    const ext = p.split('.').pop()?.toLowerCase() ?? '';
    if (!overrides.has(`/${p}`) && !defaults.has(ext)) problems.push(`${p}: no content type`);
  }
  for (const o of overrides)
    if (!parts.includes((o ?? '').slice(1))) problems.push(`${o}: override for a missing part`);

  for (const [relsPath, rels] of text) {
    if (!relsPath.endsWith('.rels')) continue;
    const dir = relsPath.replace(/_rels\/[^/]*\.rels$/, '');
    const source = relsPath.replace(/_rels\/([^/]*)\.rels$/, '$1');
    const ids = new Set<string>();
    for (const m of rels.matchAll(/<Relationship ([^>]*)\/?>/g)) {
      const attrs = m[1] ?? '';
      const id = /Id="([^"]+)"/.exec(attrs)?.[1] ?? '';
      const target = /Target="([^"]+)"/.exec(attrs)?.[1] ?? '';
      if (ids.has(id)) problems.push(`${relsPath}: relationship id ${id} twice`);
      ids.add(id);
      if (/TargetMode="External"/.test(attrs)) continue;
      const resolved = target.startsWith('/') ? target.slice(1) : normalise(`${dir}${target}`);
      if (!parts.includes(resolved)) problems.push(`${relsPath}: ${id} → ${target} does not exist`);
    }
    const src = text.get(source);
    if (src)
      for (const m of src.matchAll(/\br:(?:id|embed|link|pict)="([^"]+)"/g))
        if (!ids.has(m[1] ?? '')) problems.push(`${source}: r:id ${m[1]} is not a relationship`);
  }

  for (const [p, xml] of text) {
    if (!/^word\/(document|header\d*|footer\d*)\.xml$/.test(p)) continue;
    const dup = (what: string, re: RegExp) => {
      const seen = new Set<string>();
      for (const m of xml.matchAll(re)) {
        const v = m[1] ?? '';
        if (seen.has(v)) problems.push(`${p}: ${what} ${v} twice`);
        seen.add(v);
      }
    };
    dup('bookmark id', /<w:bookmarkStart [^>]*w:id="(\d+)"/g);
    dup('bookmark name', /<w:bookmarkStart [^>]*w:name="([^"]+)"/g);
    dup('drawing id', /<wp:docPr [^>]*id="(\d+)"/g);
    const starts = (xml.match(/<w:bookmarkStart /g) ?? []).length;
    const ends = (xml.match(/<w:bookmarkEnd /g) ?? []).length;
    if (starts !== ends) problems.push(`${p}: ${starts} bookmark starts, ${ends} ends`);
    let depth = 0;
    for (const m of xml.matchAll(/w:fldCharType="(begin|separate|end)"/g)) {
      depth += m[1] === 'begin' ? 1 : m[1] === 'end' ? -1 : 0;
      if (depth < 0) break;
    }
    if (depth !== 0) problems.push(`${p}: fields not balanced (${depth})`);
  }
  return problems;
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg && seg !== '.') out.push(seg);
  }
  return out.join('/');
}
