/**
 * API handlers for editions: next year's workspace from last year's, the framework's 版本说明 and a newer edition,
 * the one-step upgrade, and a province's framework file. Paths go through the door's path policy like every other
 * handler; last year's file is read through a read-only connection only.
 */

import type { WorkspaceInfo } from '../api';
import type { SessionSlot } from '../api-handlers';
import { QarError } from '../errors';
import { newerEdition } from '../framework/editions';
import { getFramework } from '../framework/registry';
import { frameworkSource, outlineOf, workspaceFramework } from '../framework/resolve';
import type { Framework } from '../framework/schema';
import { loadFrameworkSource } from '../framework/source';
import { samePath } from '../host/recent';
import { openWorkspace, type WorkspaceSession } from '../service';
import { createNextYearWorkspace } from '../workspace/next-year-file';
import { applySwitch, planSwitch } from '../workspace/switch-framework';
import type { ApiHostContext } from './context';
import type { ApiHandlers } from './dispatch';

type EditionMethods = 'workspace.nextYear' | 'framework.info' | 'framework.upgrade' | 'framework.use';

function head(fw: Framework) {
  return {
    id: fw.id,
    version: fw.version,
    edition: fw.edition,
    title: fw.title,
    kind: fw.kind,
    releaseNotes: fw.releaseNotes,
  };
}

export function createEditionHandlers(
  ctx: ApiHostContext,
  slot: SessionSlot,
  adopt: (s: WorkspaceSession) => WorkspaceInfo,
): Pick<ApiHandlers, EditionMethods> {
  const writable = (s: WorkspaceSession) => {
    if (s.readonly) throw new QarError('READ_ONLY', '工作区以只读方式打开，不能更换指标体系。');
    return s;
  };

  return {
    'workspace.nextYear': async (input) => {
      const source = ctx.paths.check(input.source, { ext: '.qar', what: '上一年度的工作区' });
      const path = ctx.paths.check(input.path, { write: true, ext: '.qar', what: '新年度的工作区' });
      if (samePath(source, path))
        throw new QarError('CONFLICT', '新年度的工作区不能覆盖上一年度的文件，请换一个文件名。');
      // last year's file open here: close it first, so it is at rest (one whole file) and only read from now on
      const open = slot.current;
      const reopen = open && samePath(open.path, source) ? { path: open.path, readonly: open.readonly } : null;
      if (reopen) slot.close();
      try {
        const r = await createNextYearWorkspace(source, path, {
          ...(input.year !== undefined ? { year: input.year } : {}),
          withPhotos: input.withPhotos,
        });
        return { ...adopt(await openWorkspace(path)), lines: r.lines };
      } catch (e) {
        // nothing was made: the user is back where they were
        if (reopen) adopt(await openWorkspace(reopen.path, { readonly: reopen.readonly }));
        throw e;
      }
    },

    'framework.info': () => {
      const s = slot.require();
      const ws = s.getWorkspace();
      const fw = workspaceFramework(ws);
      const outline = outlineOf(fw);
      const newer = newerEdition(fw, ws.profile.level, ws.profile.reportYear);
      const sf = frameworkSource(ws) === 'stored' ? ws.storedFramework : undefined;
      return {
        framework: {
          ...head(fw),
          source: sf ? ('stored' as const) : ('builtin' as const),
          sourceName: sf?.sourceName ?? '',
          sha256: sf?.sha256 ?? '',
          basedOn: fw.basedOn ?? '',
        },
        outline: {
          id: outline.id,
          edition: outline.edition,
          title: outline.title,
          releaseNotes: outline.releaseNotes,
          prefaceKey: outline.preface.key,
          prefaceOptional: outline.preface.optional,
          chapters: outline.chapters.map((c) => ({
            key: c.key,
            title: c.title,
            optional: c.optional,
            confidence: c.confidence,
            note: c.note,
          })),
        },
        ...(newer ? { newer: head(newer) } : {}),
        reportYear: ws.profile.reportYear,
        ...(ws.origin
          ? {
              origin: {
                fileName: ws.origin.fileName,
                school: ws.origin.school,
                year: ws.origin.year,
                sha256: ws.origin.sha256,
              },
            }
          : {}),
      };
    },

    'framework.upgrade': ({ to, dryRun }) => {
      const s = slot.require();
      const ws = s.getWorkspace();
      let target: Framework | undefined;
      if (to) target = getFramework(to);
      else target = newerEdition(workspaceFramework(ws), ws.profile.level, ws.profile.reportYear);
      if (!target) {
        throw new QarError('BAD_INPUT', `本工作区已使用${ws.profile.reportYear}年度适用的指标体系，无需升级。`);
      }
      const plan = planSwitch(ws, target);
      if (!dryRun) applySwitch(writable(s), plan);
      return { applied: !dryRun, framework: head(target), lines: plan.lines, unmapped: plan.values.unmapped.length };
    },

    'framework.use': async ({ path, dryRun }) => {
      const file = ctx.paths.check(path, { ext: ['.json', '.xlsx'], what: '指标体系文件' });
      const s = slot.require();
      if (!dryRun) writable(s);
      // hostile until checked: every loader check runs before anything is planned or written
      const src = await loadFrameworkSource(file);
      const plan = planSwitch(s.getWorkspace(), src.framework, { sourceName: src.label });
      if (!dryRun) applySwitch(s, plan);
      return {
        applied: !dryRun,
        framework: head(src.framework),
        lines: [...src.summary, ...plan.lines],
        unmapped: plan.values.unmapped.length,
      };
    },
  };
}
