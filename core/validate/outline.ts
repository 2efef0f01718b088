/**
 * What validation needs of the report outline: the chapters, which are optional, and their sections.
 * Structural on purpose: the full outline model (core/report/outline.ts) satisfies `ValidationOutline`, so
 * callers can pass theirs; without one the built-in 2024 outline is read here with a minimal schema.
 */
import * as z from 'zod';
import outline2024 from '../../templates/outlines/school-2024.json';
import { QarError } from '../errors';

export interface ValidationOutline {
  readonly chapters: readonly {
    readonly key: string;
    readonly title: string;
    readonly optional?: boolean;
    readonly sections?: readonly { readonly key: string; readonly title: string }[];
  }[];
}

const OutlineShape = z.object({
  chapters: z
    .array(
      z.object({
        key: z.string().min(1).max(50),
        title: z.string().min(1).max(100),
        optional: z.boolean().default(false),
        sections: z.array(z.object({ key: z.string().min(1).max(50), title: z.string().min(1).max(100) })).default([]),
      }),
    )
    .min(1)
    .max(30),
});

let cached: ValidationOutline | undefined;

/** The built-in 2024年度 outline (templates/outlines/school-2024.json), checked once. */
export function defaultValidationOutline(): ValidationOutline {
  if (!cached) {
    const r = OutlineShape.safeParse(outline2024);
    if (!r.success) throw new QarError('BAD_INPUT', '内置报告提纲文件格式不正确，请重新安装本程序。');
    cached = r.data;
  }
  return cached;
}
