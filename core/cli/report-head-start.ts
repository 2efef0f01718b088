/**
 * `qar report`'s head start: the report's photos start resizing on the threadpool before the command's own
 * modules load, the workspace is opened and checked and its rows are parsed. On the seed-003-scale report the
 * photos are the longest part of the work, and before this they reached sharp 220–440 ms into the run (perf, this
 * machine) where a process doing nothing else gets there in 120–175 ms: one of the two cores idled that long
 * (issue #16).
 *
 * How it stays safe: the file is read here before any of openWorkspace's checks, so nothing read here is trusted
 * until they have passed. Only a file that needs nothing done to be read in place is read (a current-schema,
 * rollback-journal file with no journal beside it: db/open.ts openReadOnly's own condition), through
 * db/connect.ts (trusted_schema = OFF) on a read-only connection, by plain SELECTs; any error ends the head start
 * without a word. takeHeadStart then hands the work over only when the checked workspace agrees with what was read
 * here: the same file, year and layout, the same photos with the same recorded size and type — and, as each photo's
 * bytes were read, the sha256 of those very bytes must equal the one recorded for it in the checked rows, which is
 * the check the session's checkedAssets makes (core/service.ts). Should any differ (a file changed meanwhile, a
 * recorded hash out of step), the photos are made again the ordinary way, through checkedAssets, which also does
 * what it does for such bytes (the whole file's quick_check, the notice of unmatched images). Pictures go into the
 * export cache keyed by the hash of the bytes they were made from (core/docx/media.ts), so nothing made here can be
 * taken for other bytes.
 *
 * If the command fails after this started (a file the checks refuse), no further photo is read; those already
 * handed to sharp finish first, which can hold the process's exit back by up to their time.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { connect } from '../../db/connect';
import { hasSideFiles, readHeader } from '../../db/header';
import { latestSchemaVersion } from '../../db/migrate';
import { PHOTOS_IN_FLIGHT, type PhotoWork, startPhotos } from '../docx/media';
import { getReportStyles } from '../docx/styles';
import { yearPhotoFigures } from '../docx/year-photos';
import { codeIdentity, exportCache } from '../fs/derived-cache-dir';
import type { AssetMeta } from '../model';
import { parseReportArgs } from './report-args';

interface HeadStart {
  path: string;
  year: number;
  layout: string;
  work: PhotoWork;
  /** each photo's recorded facts as read here, by asset id */
  read: Map<string, { mime: string; width: number; height: number }>;
  /** the sha256 of the bytes each photo was made from, once read */
  hashes: Map<string, string>;
  stop(): void;
}

let current: HeadStart | undefined;

/** Thrown to the photo pool once the head start is stopped, so that it reads no further photo. */
class Stopped extends Error {}

/**
 * Starts the photos of the report `args` asks for (the arguments after `report`), when it can; never throws and
 * never prints. Its work is taken with takeHeadStart, or ended with stopHeadStart.
 */
export function startReportHeadStart(args: readonly string[]): void {
  let db: Database.Database | undefined;
  try {
    // QAR_REPORT_HEAD_START=off: the photos start where the command starts them (the tests' and bench's before)
    if (process.env.QAR_REPORT_HEAD_START === 'off') return;
    if (current || args.some((a) => a === '--help' || a === '-h' || a === 'help')) return;
    // arguments the command will refuse start nothing (./report-args.ts)
    const a = parseReportArgs(args);
    const path = resolve(a.path);
    const h = readHeader(path, () => new Error('not a database'));
    if (h.wal || h.userVersion !== latestSchemaVersion() || hasSideFiles(path)) return;
    db = connect(path, { readonly: true });
    const conn = db;
    const profile = conn.prepare('SELECT report_year FROM profile').get() as { report_year?: unknown } | undefined;
    const year = a.year ?? profile?.report_year;
    if (typeof year !== 'number' || !Number.isInteger(year)) {
      conn.close();
      return;
    }
    const stored = conn.prepare('SELECT layout FROM report_settings WHERE id = 1').get() as
      | { layout?: unknown }
      | undefined;
    const layout = a.styles ?? (typeof stored?.layout === 'string' ? stored.layout : 'official');
    const st = getReportStyles(layout);
    const chapters = conn.prepare('SELECT id, year FROM chapters WHERE year = ?').all(year) as {
      id: string;
      year: number;
    }[];
    const sections = conn.prepare('SELECT id, chapter_id AS chapterId FROM sections').all() as {
      id: string;
      chapterId: string;
    }[];
    const blocks = (
      conn
        .prepare(
          `SELECT b.section_id AS sectionId, b.content FROM blocks b JOIN sections s ON s.id = b.section_id
           JOIN chapters c ON c.id = s.chapter_id WHERE c.year = ? ORDER BY c.ord, c.id, s.ord, s.id, b.ord, b.id`,
        )
        .all(year) as { sectionId: string; content: string }[]
    ).map((b) => ({ sectionId: b.sectionId, content: JSON.parse(b.content) as unknown }));
    const assets = conn.prepare('SELECT id, mime, width, height FROM assets').all() as {
      id: string;
      mime: string;
      width: number;
      height: number;
    }[];
    const figures = yearPhotoFigures({ chapters, sections, blocks, assets }, year);
    if (figures.length === 0) {
      conn.close();
      return;
    }
    const read = new Map(
      figures.map((f) => [f.image.assetId, { mime: f.image.mime, width: f.image.widthPx, height: f.image.heightPx }]),
    );
    const hashes = new Map<string, string>();
    const bytesOf = conn.prepare('SELECT data FROM assets WHERE id = ?').pluck();
    let stopped = false;
    const cache = exportCache();
    const work = startPhotos(
      figures,
      st,
      {
        assetBytes: (id) => {
          if (stopped) throw new Stopped();
          const data = bytesOf.get(id);
          if (!Buffer.isBuffer(data)) throw new Error('not a picture row'); // the ordinary way says what it is
          hashes.set(id, createHash('sha256').update(data).digest('hex'));
          return data;
        },
        assetSha256: (id) => hashes.get(id),
        ...(cache ? { cache, cacheSalt: codeIdentity() } : {}),
      },
      () => {},
      PHOTOS_IN_FLIGHT,
    );
    // every read has ended once the work has: the connection is no longer needed
    work.done.then(
      () => conn.close(),
      () => conn.close(),
    );
    current = {
      path,
      year,
      layout,
      work,
      read,
      hashes,
      stop: () => {
        stopped = true;
      },
    };
  } catch {
    db?.close();
    current = undefined;
  }
}

/**
 * The head start's photos, when the checked workspace (`assets`: its recorded images; `photoIds`: the year's photos
 * found from its checked rows) agrees with what the head start read for the same file, year and layout; else the
 * head start is stopped and undefined returned. `again` makes the photos the ordinary way: called, and its work
 * used instead, if a photo's bytes turn out unlike the sha256 recorded for them.
 */
export function takeHeadStart(want: {
  path: string;
  year: number;
  layout: string;
  assets: readonly AssetMeta[];
  photoIds: readonly string[];
  again: () => PhotoWork;
}): PhotoWork | undefined {
  const hs = current;
  current = undefined;
  if (!hs) return undefined;
  const recorded = new Map(want.assets.map((a) => [a.id, a]));
  const same =
    hs.path === resolve(want.path) &&
    hs.year === want.year &&
    hs.layout === want.layout &&
    want.photoIds.length === hs.read.size &&
    want.photoIds.every((id) => {
      const r = hs.read.get(id);
      const m = recorded.get(id);
      return r && m && r.mime === m.mime && r.width === m.width && r.height === m.height;
    });
  if (!same) {
    hs.stop();
    return undefined;
  }
  // any failure here (a photo sharp cannot read, say) is met again the ordinary way, which says what it says
  const done = hs.work.done.then(
    (pictures) =>
      [...hs.read.keys()].every((id) => hs.hashes.get(id) === recorded.get(id)?.sha256) ? pictures : want.again().done,
    () => want.again().done,
  );
  done.catch(() => {}); // awaited by the writer; a failure meanwhile is not unhandled
  return { ids: hs.work.ids, submitted: hs.work.submitted, done };
}

/** Whether a head start is under way and not yet taken (for tests). */
export const headStartPending = (): boolean => current !== undefined;

/** Ends an unused head start: no further photo is read (the command failed, or did not take it). */
export function stopHeadStart(): void {
  current?.stop();
  current = undefined;
}
