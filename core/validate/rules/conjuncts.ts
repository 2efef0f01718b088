/**
 * Shared by threshold and target: a rule written as a chain of conditions joined by && (e.g. all 办学条件达标
 * items at once) reports the conditions that fail, each with its first indicator, so the finding sits on a
 * failing cell and names every failing item.
 */
import { type ExprNode, evaluate, identifiersOf } from '../../framework/expr';
import type { CompiledRule } from '../compile';
import { info, type ValidationContext, valueText } from '../context';
import { formatIndicatorValue } from '../format';

function failingConjuncts(ctx: ValidationContext, node: ExprNode): { id: string; label: string }[] {
  const parts: ExprNode[] = [];
  const flatten = (n: ExprNode) => {
    if (n.type === 'binary' && n.op === '&&') {
      flatten(n.left);
      flatten(n.right);
    } else parts.push(n);
  };
  flatten(node);
  if (parts.length < 2) return [];
  const out: { id: string; label: string }[] = [];
  for (const part of parts) {
    if (evaluate(part, ctx.scope) !== false) continue;
    const id = identifiersOf(part)[0];
    const i = id ? ctx.cf.indicators.get(id) : undefined;
    if (!i) continue;
    out.push({ id: i.ind.id, label: `「${i.ind.name}」${valueText(ctx, i.ind.id)}` });
  }
  return out;
}

export function withFailing(msg: string, failing: readonly { label: string }[]): string {
  if (!failing.length) return msg;
  return `${msg.replace(/。$/, '')}（未达标项：${failing.map((f) => f.label).join('、')}）。`;
}

/** What a failed standard or target is about: the failing items, the cell to show, the value it tested. */
export function testedIndicator(ctx: ValidationContext, cr: CompiledRule, ruleIndicator: string) {
  const failing = failingConjuncts(ctx, cr.expr!);
  const i = info(ctx, failing[0]?.id ?? ruleIndicator);
  // a derived indicator's value is its computed one whenever its parts are there (core/values)
  const value = ctx.scope.get(i.ind.id);
  const fmt = (x: number | undefined) => (x === undefined ? undefined : formatIndicatorValue(x, i.ind));
  // the tested value as the grid shows it (a computed one rounded), the reference as the rule states it
  const shown = value === undefined ? undefined : valueText(ctx, i.ind.id);
  return { failing, i, value, fmt, shown };
}

/** true / a non-zero number: the expression holds. */
export function holds(r: ReturnType<typeof evaluate>): boolean {
  return r === true || (typeof r === 'number' && r !== 0);
}
