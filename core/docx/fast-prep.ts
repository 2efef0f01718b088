/**
 * docx's three most-called serialisation steps, written as plain loops: XmlComponent's prepForXml (flatMap, then
 * filter), and the two attribute components' (NextAttributeComponent copied its whole attribute object once per
 * attribute through a transpiled object-spread helper). Same results, in the same order: the document's XML is
 * byte for byte what docx writes (tests/docx-fast-prep.test.ts). Measured on the seed-003-scale report's compile
 * (issue #16): these three took ~85 ms of its ~205 ms and left most of its garbage.
 *
 * A step is replaced only while docx's own is the one written for (ORIGINAL): a docx update that changes one keeps
 * its own, slower and as correct.
 */
import { EMPTY_OBJECT, isXmlComponent, NextAttributeComponent, XmlAttributeComponent, XmlComponent } from 'docx';

/**
 * docx 9.15's own, by the properties each reads in order (what survives the CLI bundle's minifying, which renames
 * the rest): the guard that these are still the functions the loops below were written from. tests/docx-fast-
 * prep.test.ts checks that all three are replaced with the locked docx, and that the document is the same.
 */
const ORIGINAL = {
  component:
    '.stack.push.root.flatMap.writtenAs.map.prepForXml.prepForXml.filter.stack.pop.rootKey.length.length._attr',
  attributes: '.entries.root.forEach.xmlKeys.xmlKeys',
  next: '.values.root.filter.reduce',
} as const;

type Prep = (this: unknown, context: unknown) => unknown;
interface Stack {
  stack: unknown[];
}
interface Component {
  root: unknown[];
  rootKey: string;
}
interface Attributes {
  root: Record<string, unknown>;
  xmlKeys?: Record<string, string>;
}

/** XmlComponent's: each child's own (or its written-as parts'), one level of arrays flattened, undefined dropped. */
function componentPrep(this: Component, context: Stack): unknown {
  context.stack.push(this);
  const root = this.root;
  const children: unknown[] = [];
  const add = (r: unknown) => {
    if (Array.isArray(r)) {
      for (const x of r) if (x !== undefined) children.push(x);
    } else if (r !== undefined) children.push(r);
  };
  // as flatMap: the length read once, holes skipped
  for (let i = 0, n = root.length; i < n; i++) {
    if (!(i in root)) continue;
    const comp = root[i] as { writtenAs?: { prepForXml(c: unknown): unknown }[]; prepForXml(c: unknown): unknown };
    if (isXmlComponent(comp)) {
      const parts = comp.writtenAs;
      add(parts ? parts.map((part) => part.prepForXml(context)) : comp.prepForXml(context));
    } else add(comp);
  }
  context.stack.pop();
  const first = children[0] as { _attr?: unknown } | null | undefined;
  return {
    [this.rootKey]: children.length ? (children.length === 1 && first?._attr ? first : children) : EMPTY_OBJECT,
  };
}

/** XmlAttributeComponent's: the defined values under their XML names. */
function attributesPrep(this: Attributes): unknown {
  const attrs: Record<string, unknown> = {};
  const root = this.root;
  for (const key of Object.keys(root)) {
    const value = root[key];
    if (value !== undefined) attrs[this.xmlKeys?.[key] || key] = value;
  }
  return { _attr: attrs };
}

/** NextAttributeComponent's: each defined { key, value } in order, a later key's value replacing an earlier's. */
function nextAttributesPrep(this: { root: Record<string, { key: string; value: unknown }> }): unknown {
  const attrs: Record<string, unknown> = {};
  for (const entry of Object.values(this.root)) {
    const { key, value } = entry; // a missing entry throws, as docx's destructuring does
    if (value !== undefined) attrs[key] = value;
  }
  return { _attr: attrs };
}

/** The properties a function reads, in order, from its source text. */
const readsOf = (f: unknown) =>
  typeof f === 'function' ? (Function.prototype.toString.call(f).match(/\.[A-Za-z_$][\w$]*/g) ?? []).join('') : '';

const TARGETS = [
  { proto: XmlComponent.prototype, original: ORIGINAL.component, fast: componentPrep },
  { proto: XmlAttributeComponent.prototype, original: ORIGINAL.attributes, fast: attributesPrep },
  { proto: NextAttributeComponent.prototype, original: ORIGINAL.next, fast: nextAttributesPrep },
] as unknown as { proto: { prepForXml: Prep }; original: string; fast: Prep }[];

const replaced = new Map<{ prepForXml: Prep }, Prep>();

/** Puts the loops in place of docx's own where those are the ones written for; how many were replaced (0–3). */
export function installFastPrep(): number {
  for (const t of TARGETS) {
    if (replaced.has(t.proto) || readsOf(t.proto.prepForXml) !== t.original) continue;
    replaced.set(t.proto, t.proto.prepForXml);
    t.proto.prepForXml = t.fast;
  }
  return replaced.size;
}

/** docx's own again (the test that compares both). */
export function uninstallFastPrep(): void {
  for (const [proto, original] of replaced) proto.prepForXml = original;
  replaced.clear();
}
