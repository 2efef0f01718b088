/** The editor's document ↔ the stored text (renderer/lib/figure-doc.ts): exact both ways, markers as atoms. */
import { describe, expect, it } from 'vitest';
import { docFromText, textFromDoc } from '../renderer/lib/figure-doc';

describe('figure-doc', () => {
  it.each([
    '',
    '一行文字',
    '落实率{{fig:grad_placement_rate:2024}}，{{chg:grad_total:2024:2023}}。',
    '第一段\n\n第三段{{pct:grad_total:2024:2022}}\n',
    '{{fig:a:2024}}{{fig:b:2023}}',
    '不是标记：{{fig:x}} {{ 与 }} {{fig:x:2024:2023}}',
  ])('round trip %j', (text) => {
    expect(textFromDoc(docFromText(text))).toBe(text);
  });

  it('a marker is one atom node, text around it stays text', () => {
    const doc = docFromText('甲{{fig:grad_total:2024}}乙');
    const kinds: string[] = [];
    doc.firstChild?.forEach((n) => {
      kinds.push(n.isText ? `text:${n.text}` : `${n.type.name}:${n.attrs.indicatorId}`);
    });
    expect(kinds).toEqual(['text:甲', 'figure:grad_total', 'text:乙']);
    expect(doc.firstChild?.child(1).isAtom).toBe(true);
  });
});
