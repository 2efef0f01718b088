/**
 * Builtin frameworks checked when the bundle is built (core/framework/prechecked.ts): an entry gives exactly the
 * framework the ordinary check gives, and only while every file it was made from reads the same; a file edited
 * since (an edition's base too), an entry cut short or of another format, and the file is checked as before.
 */
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import { checkedDir, precheckedFramework } from '../core/framework/prechecked';
import { clearFrameworkCache, frameworksDir, getFramework, writeCheckedBuiltins } from '../core/framework/registry';
import type { Framework } from '../core/framework/schema';
import { makeTempDir } from './helpers/files';

const shipped = frameworksDir();
const names = readdirSync(shipped)
  .filter((n) => n.endsWith('.json'))
  .sort();
const ids = names.map((n) => n.slice(0, -'.json'.length));
const tmp = makeTempDir('qar-prechecked-');
const fwDir = join(tmp.dir, 'templates', 'frameworks');
/** Each builtin framework as the ordinary check gives it (no checked/ folder anywhere yet). */
const ordinary = new Map<string, Framework>();

function freshCopy(): void {
  mkdirSync(fwDir, { recursive: true });
  for (const n of names) copyFileSync(join(shipped, n), join(fwDir, n));
}

beforeAll(() => {
  freshCopy();
  process.env.QAR_TEMPLATES_DIR = join(tmp.dir, 'templates');
  clearFrameworkCache();
  for (const id of ids) ordinary.set(id, structuredClone(getFramework(id)));
  clearFrameworkCache();
  expect(writeCheckedBuiltins()).toEqual(ids);
});
afterEach(() => {
  freshCopy(); // the shipped texts again: every entry matches
  clearFrameworkCache();
});
afterAll(() => {
  delete process.env.QAR_TEMPLATES_DIR;
  clearFrameworkCache();
  tmp.cleanup();
});

describe('frameworks checked when the program is built', () => {
  it('gives, for every builtin framework, exactly what the ordinary check gives', () => {
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      const pre = precheckedFramework(fwDir, id);
      expect(pre, id).toBeDefined();
      expect(pre).toStrictEqual(ordinary.get(id));
      expect(getFramework(id)).toStrictEqual(ordinary.get(id));
    }
  });

  it('is what getFramework uses while the files read the same', () => {
    // an entry altered by hand (its files unchanged) shows through: the proof that the check was skipped
    const path = join(checkedDir(fwDir), 'cn-2024-gaozhi.json');
    const entry = JSON.parse(readFileSync(path, 'utf8'));
    entry.framework.title = '（来自预先检查）';
    writeFileSync(path, JSON.stringify(entry));
    try {
      expect(getFramework('cn-2024-gaozhi').title).toBe('（来自预先检查）');
    } finally {
      clearFrameworkCache();
      writeCheckedBuiltins();
    }
  });

  it('is not used once a file it was made from has changed, an edition’s base included', () => {
    appendFileSync(join(fwDir, 'cn-2024-gaozhi.json'), '\n');
    expect(precheckedFramework(fwDir, 'cn-2024-gaozhi')).toBeUndefined();
    // the editions built on it
    const editions = ids.filter((id) => id !== 'cn-2024-gaozhi' && id.endsWith('-gaozhi'));
    expect(editions.length).toBeGreaterThan(0);
    for (const id of editions) expect(precheckedFramework(fwDir, id), id).toBeUndefined();
    // the others stand
    expect(precheckedFramework(fwDir, 'cn-2024-zhongzhi')).toBeDefined();
    // and the ordinary check gives the same framework (only a line end was added)
    expect(getFramework('cn-2025-gaozhi')).toStrictEqual(ordinary.get('cn-2025-gaozhi'));
  });

  it('leaves a file made wrong since the build to the ordinary check, which refuses it', () => {
    const path = join(fwDir, 'cn-2024-zhongzhi.json');
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    raw.tables = raw.tables.slice(1);
    writeFileSync(path, JSON.stringify(raw));
    expect(precheckedFramework(fwDir, 'cn-2024-zhongzhi')).toBeUndefined();
    let err: unknown;
    try {
      getFramework('cn-2024-zhongzhi');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QarError);
    expect((err as QarError).message).toMatch(/cn-2024-zhongzhi\.json/);
  });

  it('ignores an entry cut short, of another format or for another id', () => {
    const path = join(checkedDir(fwDir), 'cn-2024-qiye.json');
    const text = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, text.slice(0, text.length / 2));
      expect(precheckedFramework(fwDir, 'cn-2024-qiye')).toBeUndefined();
      writeFileSync(path, JSON.stringify({ ...JSON.parse(text), formatVersion: 99 }));
      expect(precheckedFramework(fwDir, 'cn-2024-qiye')).toBeUndefined();
      writeFileSync(path, JSON.stringify({ ...JSON.parse(text), id: 'cn-2024-gaozhi' }));
      expect(precheckedFramework(fwDir, 'cn-2024-qiye')).toBeUndefined();
      // a file name outside the frameworks folder is never read
      const entry = JSON.parse(text);
      entry.files[0].name = '../frameworks/cn-2024-qiye.json';
      writeFileSync(path, JSON.stringify(entry));
      expect(precheckedFramework(fwDir, 'cn-2024-qiye')).toBeUndefined();
      // and the framework is still there, checked the ordinary way
      expect(getFramework('cn-2024-qiye')).toStrictEqual(ordinary.get('cn-2024-qiye'));
    } finally {
      writeFileSync(path, text);
    }
  });
});
