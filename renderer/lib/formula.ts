/**
 * Derived indicators (those with a formula) are shown read-only and computed in the grid as the user types,
 * with the same safe expression engine the validator uses (core/framework/expr: parsed AST, never eval).
 */
import { type ExprNode, evaluate, parseExpr } from '../../core/framework/expr';

const cache = new Map<string, ExprNode | null>();

/** The formula's value with the given lookups, or undefined when an input is missing or it divides by 0. */
export function computeFormula(formula: string, get: (id: string) => number | undefined): number | undefined {
  let ast = cache.get(formula);
  if (ast === undefined) {
    try {
      ast = parseExpr(formula);
    } catch {
      ast = null; // a refused formula shows as — ; the framework loader reports it properly
    }
    cache.set(formula, ast);
  }
  if (!ast) return undefined;
  const v = evaluate(ast, { get, prev: () => undefined });
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
