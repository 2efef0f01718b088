/**
 * A framework file from outside (a province's or district's), by path: a framework JSON, an edition file
 * (`extends` a builtin framework + changes), or the Excel form. Hostile until checked: every path goes through the
 * loader's limits and checks (core/framework/loader.ts), and a refusal is one Chinese message naming the file and
 * the place in it.
 */
import { basename, extname } from 'node:path';
import { readXlsxFile } from '../xlsx/session';
import { isEditionValue, resolveEdition } from './edition';
import { importFrameworkForm } from './form/import';
import { checkFramework, parseFrameworkJson, readFrameworkText } from './loader';
import { getFramework } from './registry';
import type { Framework } from './schema';

export interface LoadedFrameworkSource {
  framework: Framework;
  /** the file name (messages, the stored copy's source name) */
  label: string;
  /** what form the file had */
  form: 'json' | 'edition' | 'xlsx';
  /** for the Excel form: what changed against the framework it was exported from */
  summary: string[];
}

export async function loadFrameworkSource(path: string): Promise<LoadedFrameworkSource> {
  const label = basename(path);
  if (extname(path).toLowerCase() === '.xlsx') {
    const r = await importFrameworkForm(readXlsxFile(path), label);
    return { framework: r.framework, label, form: 'xlsx', summary: r.summary };
  }
  const raw = parseFrameworkJson(readFrameworkText(path), label);
  if (isEditionValue(raw))
    return { framework: resolveEdition(raw, label, getFramework), label, form: 'edition', summary: [] };
  return { framework: checkFramework(raw, label), label, form: 'json', summary: [] };
}
