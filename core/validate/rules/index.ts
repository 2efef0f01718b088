/**
 * Every rule module, by kind: the framework's rule kinds (a framework file declares rules of these kinds) and the
 * built-in checks that run for every framework. The typed map makes a new RuleKind in the schema a compile error
 * until its module is listed here.
 */
import type { RuleKind } from '../../framework/schema';
import { builtinBoundFigures } from './bound-figures';
import { builtinDecimals } from './builtin-decimals';
import { builtinRequired } from './builtin-required';
import { builtinType } from './builtin-type';
import { completeness } from './completeness';
import { consistency } from './consistency';
import { derived } from './derived';
import { builtinFigures } from './figures';
import { builtinMissingUsed } from './missing-used';
import { narrative } from './narrative';
import { builtinPartWhole } from './part-whole';
import { range } from './range';
import { structure } from './structure';
import { target } from './target';
import { threshold } from './threshold';
import type { BuiltinRuleModule, FrameworkRuleModule } from './types';
import { builtinUnit } from './unit';
import { yoy } from './yoy';
import { builtinYoyBand } from './yoy-band';

export const FRAMEWORK_RULES: { readonly [K in RuleKind]: FrameworkRuleModule<K> } = {
  completeness,
  range,
  consistency,
  derived,
  yoy,
  threshold,
  target,
  structure,
  narrative,
};

/** In the order they run (after the framework's rules): a later one may leave a place an earlier one reported. */
export const BUILTIN_RULES: readonly BuiltinRuleModule[] = [
  builtinRequired,
  builtinMissingUsed,
  builtinType,
  builtinDecimals,
  builtinPartWhole,
  builtinUnit,
  builtinYoyBand,
  builtinFigures,
  builtinBoundFigures,
];
