/**
 * scripts/patch-deps.mjs, docx's own index: the XML of every part written in one walk (fastStringifyXmlable) is the
 * XML docx's two-step writer gives, byte for byte — on whole report documents (the demo school with native charts
 * and with pictures, the report fixture with photos and tables, the 目录 probe) and on every quirk of the format
 * (text replacing the element before it, attributes given after children, CDATA, numbers, empty and odd values,
 * what throws). And the one-walk writer is really the one used: it is called directly on the documents, where a
 * fallback to docx's own would hide a mistake. The defineProperty helper's string-key shortcut behaves as the helper.
 * Both sides are the released file with an export line added, the patched one made from it by the script.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Document, Packer } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChartFigures } from '../core/docx/native-chart';
import { getReportStyles } from '../core/docx/styles';
import { buildReportDocument } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';

import { PATCHES, patched, releasedCopyOf } from '../scripts/patch-deps.mjs';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { standInPictures } from './helpers/stand-in-pictures';
import { fixtureFramework, fixtureWorkspace } from './report-fixture';

type Stringify = (input: unknown, options?: unknown) => string;
interface Side {
  stringify: Stringify;
  defineProperty: (o: object, k: unknown, v: unknown) => object;
  fast?: (input: unknown, declaration: unknown) => string;
}

const dir = mkdtempSync(join(tmpdir(), 'qar-stringify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let theirs: Side;
let ours: Side;

beforeAll(async () => {
  const entry = PATCHES.find((p) => p.file.endsWith('index.mjs'));
  if (!entry) throw new Error('no index.mjs patch');
  const released = readFileSync(releasedCopyOf(entry.file), 'utf8');
  const out = patched(released, entry.fixes, entry.file);
  if (out instanceof Error) throw out;
  const load = async (name: string, text: string, extra = '') => {
    const file = join(dir, name);
    writeFileSync(
      file,
      `${text}\nexport { stringifyXmlable as __stringify, _defineProperty as __defineProperty${extra} };\n`,
    );
    const m = await import(pathToFileURL(file).href);
    return { stringify: m.__stringify, defineProperty: m.__defineProperty, fast: m.__fast } as Side;
  };
  theirs = await load('index-released.mjs', released);
  ours = await load('index-patched.mjs', out, ', fastStringifyXmlable as __fast');
}, 120_000);

type Outcome = { xml: string } | { threw: string };
function outcome(f: Stringify, input: unknown, options?: unknown): Outcome {
  try {
    return { xml: options === undefined ? f(input) : f(input, options) };
  } catch (e) {
    return { threw: e instanceof Error ? e.constructor.name : typeof e };
  }
}

const DECLARATION = { standalone: 'yes', encoding: 'UTF-8' };
// biome-ignore lint/suspicious/noSparseArray: a hole is one of the quirks compared
const HOLEY = [, { a: 1 }];

/** What docx's formatter gives for a document's body: the tree both writers are handed when it is compiled. */
function formatted(doc: Document): unknown {
  const compiler = (Packer as unknown as { compiler: { formatter: { format(x: unknown, ctx: unknown): unknown } } })
    .compiler;
  const file = doc as unknown as { Document: { View: unknown } };
  return compiler.formatter.format(file.Document.View, { viewWrapper: file.Document, file: doc, stack: [] });
}

describe("docx's XML written in one walk", () => {
  const st = getReportStyles();
  const demo = () => buildReportModel(buildDemoExport(), demoFramework());
  const docs: [string, () => Document][] = [
    [
      'the demo school, charts native',
      () => {
        const model = demo();
        const plan = planChartFigures(model, st, 'native');
        return buildReportDocument(model, st, standInPictures(model, 'jpg'), { charts: plan.native }, () => {});
      },
    ],
    ['the demo school, charts as pictures', () => buildReportDocument(demo(), st, new Map(), {}, () => {})],
    [
      'the demo school, the 目录 probe in 报告版式',
      () => buildReportDocument(demo(), getReportStyles('report'), new Map(), { tocProbe: true, tables: [] }, () => {}),
    ],
    [
      'the report fixture, photos and tables',
      () => {
        const model = buildReportModel(fixtureWorkspace(), fixtureFramework());
        return buildReportDocument(
          model,
          getReportStyles('official-gb2312'),
          standInPictures(model, 'jpg'),
          {},
          () => {},
        );
      },
    ],
  ];

  it.each(docs)('writes %s as docx does, byte for byte, without falling back', (_name, build) => {
    const tree = formatted(build());
    const expected = theirs.stringify(tree, { declaration: DECLARATION });
    expect(expected.length).toBeGreaterThan(10_000);
    expect(ours.stringify(tree, { declaration: DECLARATION })).toBe(expected);
    // the one walk itself, not docx's own behind a fallback
    expect(ours.fast?.(tree, DECLARATION)).toBe(expected);
    expect(ours.stringify(tree)).toBe(theirs.stringify(tree));
  });

  const quirks: [string, unknown][] = [
    ['attributes and escaped text', { 'w:p': [{ _attr: { 'w:a': 1, 'w:b': 'x<y>&"\'' } }, { 'w:t': 'a<b&"c\'>' }] }],
    // each character to escape on its own, where the test for anything to escape alone decides
    ['an apostrophe alone', { x: [{ _attr: { a: "it's" } }, "it's"] }],
    ['a quotation mark alone', { x: [{ _attr: { a: 'say "a"' } }, 'say "a"'] }],
    ['an ampersand alone', { x: { _attr: { a: 'R&D' } } }],
    ['a greater-than sign alone', { x: 'a > b' }],
    ['text replacing the element before it', { x: [{ y: {} }, 'text'] }],
    ['text after text', { x: ['a', 'b', 3] }],
    ['an element after text', { x: ['a', { y: 1 }] }],
    ['attributes after children', { x: [{ y: 'v' }, { _attr: { k: 'v' } }, { z: [] }] }],
    ['CDATA', { x: { _cdata: 'a]]>b<' } }],
    ['CDATA with attributes', { x: { _attr: { a: 1 }, _cdata: 'c' } }],
    ['numbers and booleans', { x: [{ a: 0 }, { b: false }, { c: 1.5 }, { d: [1, 2] }] }],
    ['odd attribute values', { x: { _attr: { n: 1.5, b: true, u: undefined, nl: null, s: '' } } }],
    ['control characters', { x: [{ _attr: { a: 'a\u0001b\u000bc' } }, 'd\u0000e\tf\ng'] }],
    ['empty values', { x: [{}, { a: [] }, { b: {} }, { c: null }, { d: undefined }, { '': 'v' }, { e: '' }] }],
    ['an empty object', {}],
    ['an array child', { x: [['a', 'b']] }],
    ['a null child', { x: [null] }],
    ['attributes that are text', { x: { _attr: 'ab' } }],
    ['CDATA that is not text', { x: { _cdata: 5 } }],
    ['several elements', [{ a: 1 }, { b: [{ _attr: { c: 2 } }] }]],
    ['a hole', HOLEY],
    ['text at the top', 'abc'],
    ['a number at the top', 5],
    ['null at the top', null],
    ['an inherited key', Object.create({ inherited: 1 })],
    ['a function value', { x: () => 1 }],
  ];
  const optionSets: [string, unknown][] = [
    ['no options', undefined],
    ['empty options', {}],
    ['indent ""', { indent: '' }],
    ['a declaration', { declaration: DECLARATION }],
    ['an empty declaration', { declaration: {} }],
    ['a declaration to escape', { declaration: { encoding: 'a&b', standalone: '"no"' } }],
    ['a null declaration', { declaration: null }],
    ['indenting', { indent: '  ', declaration: DECLARATION }],
    ['null options', null],
    ['text as options', 'x'],
  ];

  it('gives what docx gives, or throws where it throws, for every quirk and option', () => {
    let compared = 0;
    for (const [name, input] of quirks)
      for (const [optName, options] of optionSets) {
        expect(outcome(ours.stringify, input, options), `${name}, ${optName}`).toEqual(
          outcome(theirs.stringify, input, options),
        );
        compared++;
      }
    expect(compared).toBe(quirks.length * optionSets.length);
  });

  it('sets fields through the defineProperty helper as docx does, string keys or not', () => {
    const proto = {
      get accessor() {
        return 1;
      },
    };
    const sym = Symbol('k');
    const keys: unknown[] = ['a', 'accessor', '', '1', 1, sym, { toString: () => 'b' }, null];
    for (const key of keys) {
      const a = theirs.defineProperty(Object.create(proto), key, 7);
      const b = ours.defineProperty(Object.create(proto), key, 7);
      expect(Reflect.ownKeys(b)).toEqual(Reflect.ownKeys(a));
      for (const k of Reflect.ownKeys(a))
        expect(Object.getOwnPropertyDescriptor(b, k)).toEqual(Object.getOwnPropertyDescriptor(a, k));
    }
  });
});
