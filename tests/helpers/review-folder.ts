/** A review of the schools' files in a folder, as `qar review` does it, with the builtin frameworks and a fixed date. */
import { getFramework } from '../../core/framework/registry';
import { outlineOf } from '../../core/framework/resolve';
import { expandInputs } from '../../core/review/load';
import type { ReviewSummary } from '../../core/review/review';
import { reviewFiles } from '../../core/review/review-files';

export function reviewFolder(dir: string): Promise<ReviewSummary> {
  return reviewFiles(expandInputs([dir]), {
    resolveFramework: (ref) => getFramework(ref.id),
    outlineOf,
    now: '2025-02-01T00:00:00.000Z',
  });
}
