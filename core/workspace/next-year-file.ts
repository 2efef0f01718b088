/**
 * Writes next year's workspace from last year's file (qar new --from, 「新建下一年度报告」). Last year's file is
 * opened READ-ONLY and only read (its sha256 is taken from the bytes before it is opened and recorded as the new
 * file's origin); the new file is built in a temp file beside the target and renamed into place, so a failure
 * leaves neither a half-written target nor any change to last year's file.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { QarError } from '../errors';
import { type EditionChoice, pickEdition } from '../framework/editions';
import { workspaceFramework } from '../framework/resolve';
import type { Framework } from '../framework/schema';
import type { AssetMeta, Workspace } from '../model';
import { openWorkspace } from '../service';
import { writeNewWorkspace } from '../workspace-io';
import { describeNextYear, type NextYearPlan, planNextYear } from './next-year';

export interface NextYearOptions {
  /** the new report year; default: last year's report year + 1 */
  year?: number;
  /** copy last year's report photos too (they become pickable beside the reference text) */
  withPhotos?: boolean;
  replace?: boolean;
  now?: string;
}

export interface NextYearResult {
  plan: NextYearPlan;
  /** Chinese lines: the edition chosen, what was carried and what was not */
  lines: string[];
}

function sha256File(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new QarError('NOT_FOUND', `找不到上一年度的工作区文件「${basename(path)}」，请检查路径是否正确。`, {
      cause: e,
    });
  }
  return createHash('sha256').update(bytes).digest('hex');
}

/** Last year's workspace, read through a read-only connection, with the bytes of the photos asked for. */
async function readSource(path: string, withPhotos: boolean) {
  const sha256 = sha256File(path);
  const session = await openWorkspace(path, { readonly: true });
  try {
    const ws: Workspace = session.getWorkspace();
    let framework: Framework | undefined;
    try {
      framework = workspaceFramework(ws);
    } catch {
      // a framework this program does not know: values are carried by id and checked against the new one
      framework = undefined;
    }
    const bytes = new Map<string, Buffer>();
    if (withPhotos) {
      for (const a of ws.assets) bytes.set(a.id, session.getAssetBytes(a.id));
    }
    return { ws, framework, sha256, bytes };
  } finally {
    session.close();
  }
}

/**
 * The same file, by its path or, when both exist, by device and inode: `./去年.qar` and `去年.qar`, another case
 * of the name on Windows or macOS, a link to it. With --replace, writing the new year over it would lose last year.
 */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // the target does not exist yet: a new file is never the source
  }
}

export async function createNextYearWorkspace(
  sourcePath: string,
  targetPath: string,
  opts: NextYearOptions = {},
): Promise<NextYearResult> {
  if (sameFile(sourcePath, targetPath)) {
    throw new QarError('CONFLICT', '新年度的工作区不能覆盖上一年度的文件，请换一个文件名。');
  }
  const src = await readSource(sourcePath, opts.withPhotos === true);
  const last = src.ws.profile.reportYear;
  const year = opts.year ?? last + 1;
  if (!Number.isInteger(year) || year <= last || year > 2100) {
    throw new QarError(
      'BAD_INPUT',
      `新报告年度 ${year} 应晚于上一年度文件的报告年度（${last}年度），例如 --year ${last + 1}。`,
    );
  }
  const kind = src.framework?.kind;
  let choice: EditionChoice;
  try {
    choice = pickEdition({ level: src.ws.profile.level, year, ...(kind ? { kind } : {}) });
  } catch (e) {
    if (e instanceof QarError && kind === '区域年报') {
      throw new QarError('BAD_INPUT', '区域年报由各校工作区汇总生成，请用 qar district 生成新年度的区域报告。', {
        cause: e,
      });
    }
    throw e;
  }
  const now = opts.now ?? new Date().toISOString();
  const plan = planNextYear(
    { ws: src.ws, framework: src.framework, fileName: basename(sourcePath), sha256: src.sha256 },
    { year, choice, withPhotos: opts.withPhotos === true, now },
  );
  const assets = new Map<string, AssetMeta>(src.ws.assets.map((a) => [a.id, a]));
  writeNewWorkspace(
    targetPath,
    (store) => {
      store.setProfile(plan.profile, { id: choice.framework.id, version: choice.framework.version });
      for (const y of plan.years) store.putYear(y);
      if (plan.values.length > 0) {
        store.setValues(
          plan.values.map((v) => ({
            year: v.year,
            indicatorId: v.indicatorId,
            value: v.value,
            note: v.note,
            source: v.source,
            // a cell the school marked 不适用 stays so (with its reason), not an empty cell with a note
            ...(v.notApplicable ? { notApplicable: true } : {}),
          })),
          'carry',
        );
      }
      for (const id of plan.photos) {
        const meta = assets.get(id);
        const bytes = src.bytes.get(id);
        if (!meta || !bytes) continue;
        store.addAsset(bytes, {
          id,
          mime: meta.mime,
          width: meta.width,
          height: meta.height,
          caption: meta.caption,
          credit: meta.credit,
        });
      }
      // the store names new rows itself: the references follow the planned ids to the real ones
      const real = new Map<string, string>();
      for (const c of plan.chapters) {
        const ch = store.createChapter({ year, key: c.key, title: c.title });
        real.set(c.id, ch.id);
        for (const s of c.sections) real.set(s.id, store.createSection(ch.id, { key: s.key, title: s.title }).id);
      }
      const at = (id: string | null) => (id === null ? null : (real.get(id) ?? null));
      store.addReferences(
        plan.references.map((r) => ({ ...r, chapterId: at(r.chapterId), sectionId: at(r.sectionId) })),
        plan.caseTitles,
      );
      store.setOrigin(plan.origin);
    },
    { replace: opts.replace === true },
  );
  const lines = describeNextYear(plan);
  if (sha256File(sourcePath) !== src.sha256) {
    // must never happen (read-only open): said loudly rather than hidden
    lines.push(`警告：读取期间上一年度文件「${basename(sourcePath)}」被其他程序修改过，请核对新工作区的数据。`);
  }
  return { plan, lines };
}
