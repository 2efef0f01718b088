/**
 * The common shape of a rule module (one file per rule kind, the way linters keep one rule per file): adding a
 * kind is adding a file and one line in rules/index.ts.
 *
 * - A framework rule module checks the rules of one `kind` that a framework file declares (templates/frameworks).
 * - A built-in module checks what holds for every framework (types, required values …) from the framework's
 *   indicators; it has its own id, kind and severity.
 * Both return an Outcome: a status for the compliance matrix and the findings as drafts.
 */
import type { Rule, RuleKind, Severity } from '../../framework/schema';
import type { CompiledRule } from '../compile';
import type { Outcome, ValidationContext } from '../context';

export type CompiledRuleOf<K extends RuleKind> = CompiledRule & { readonly rule: Extract<Rule, { kind: K }> };

export interface FrameworkRuleModule<K extends RuleKind = RuleKind> {
  readonly kind: K;
  check(ctx: ValidationContext, cr: CompiledRuleOf<K>): Outcome;
  /** the hint when neither the framework rule nor the finding gives one */
  readonly defaultHint: string;
  /** false: the finding's hint is complete (no 「由公式计算…」 added for a computed cell) */
  readonly partsHint?: boolean;
  /** 'printed': checked for every year the report prints (the appendix years too), not the report year alone */
  readonly years?: 'printed';
}

export interface BuiltinRuleModule {
  /** rule id in findings and in ruleStatus, e.g. builtin.type */
  readonly id: string;
  /** what it checks, in Chinese: the compliance matrix's column header */
  readonly title: string;
  readonly kind: string;
  readonly severity: Severity;
  check(ctx: ValidationContext): Outcome;
  /** 'printed': checked for every year the report prints (the appendix years too), not the report year alone */
  readonly years?: 'printed';
}
