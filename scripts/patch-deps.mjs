/**
 * Speed fixes to a dependency's code, applied after every install (`postinstall`) until they are upstream.
 *
 * docx/layout (docx 9.15.2) lays out the 目录 probe when LibreOffice is not installed (core/docx/estimate-pages.ts),
 * which is how most schools' Windows machines export. Profiled on the demo school, 5.2 of its 6.4 s went to three
 * spots of its text measuring: a font's measures worked out again for every piece of text, a linear search with
 * fresh arrays and lower-casing for every font-name lookup, and the transpiled object-spread helper copying each
 * line state property by property through defineProperty. The fixes remember the first two (pure functions of a
 * font's name, bold and italic, whose results the callers only read) and let the helper copy plain sources with
 * Object.assign, which has the same effect for every source but one with an own `__proto__` key (left to the helper).
 * The layout is the same page for page (tests/docx-layout-patch.test.ts lays out report probes with the patched and
 * the original code and compares every page). Whole `qar report` without LibreOffice (QAR_PAGE_PASS=estimate), paired
 * runs: the demo school 6.15 → 3.30 s (0.535×, 5 pairs), the seed-003-scale report 14.39 → 6.80 s (0.47×, 4 pairs).
 *
 * Each fix replaces one exact stretch of the released file: a docx whose code differs stops the install with a
 * message, so a fix is never applied to code it was not checked against. Idempotent (a patched file is recognised by
 * its first line).
 *
 *   node scripts/patch-deps.mjs        apply (what `npm ci` / `npm install` run)
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = '/* qar-studio: patched by scripts/patch-deps.mjs (docx/layout speed) */\n';

const SPREAD_FROM = `function _objectSpread2(e) {
	for (var r = 1; r < arguments.length; r++) {
		var t = null != arguments[r] ? arguments[r] : {};
		r % 2 ?`;
const SPREAD_TO = `function _objectSpread2(e) {
	for (var r = 1; r < arguments.length; r++) {
		var t = null != arguments[r] ? arguments[r] : {};
		if (r % 2 && !Object.hasOwn(t, "__proto__")) {
			Object.assign(e, t);
			continue;
		}
		r % 2 ?`;

const EAST_ASIAN_FROM = `var knownEastAsianFontOf = (font) => {
	const name = font.toLowerCase();
	return EAST_ASIAN_FONTS.find((candidate) => [candidate.name, ...candidate.aliases].some((alias) => alias.toLowerCase() === name));
};`;
const EAST_ASIAN_TO = `var knownEastAsianFontsByName = new Map();
var knownEastAsianFontOf = (font) => {
	if (knownEastAsianFontsByName.has(font)) return knownEastAsianFontsByName.get(font);
	const name = font.toLowerCase();
	const known = EAST_ASIAN_FONTS.find((candidate) => [candidate.name, ...candidate.aliases].some((alias) => alias.toLowerCase() === name));
	knownEastAsianFontsByName.set(font, known);
	return known;
};`;

// measuresOf reads only font.font, font.bold and font.italic (faceOf, moreFaceOf, arabicFaceOf, eastAsianFontOf)
const MEASURES_FROM = 'var measuresOf = (font) => {';
const MEASURES_TO = `var measuresByFont = new Map();
var isMeasuresKey = (v) => v === null || typeof v !== "object" && typeof v !== "function";
var measuresOf = (font) => {
	if (!isMeasuresKey(font.font) || !isMeasuresKey(font.bold) || !isMeasuresKey(font.italic)) return measuresOfFont(font);
	let byBold = measuresByFont.get(font.font);
	if (byBold === undefined) measuresByFont.set(font.font, byBold = new Map());
	let byItalic = byBold.get(font.bold);
	if (byItalic === undefined) byBold.set(font.bold, byItalic = new Map());
	let measures = byItalic.get(font.italic);
	if (measures === undefined) byItalic.set(font.italic, measures = measuresOfFont(font));
	return measures;
};
var measuresOfFont = (font) => {`;

/** The patched files and what each fix replaces (every `from` once in the released file). */
export const PATCHES = ['node_modules/docx/dist/layout.mjs', 'node_modules/docx/dist/layout.cjs'].map((file) => ({
  file,
  fixes: [
    { from: SPREAD_FROM, to: SPREAD_TO },
    { from: EAST_ASIAN_FROM, to: EAST_ASIAN_TO },
    { from: MEASURES_FROM, to: MEASURES_TO },
  ],
}));

const count = (text, part) => text.split(part).length - 1;

/** The released text of a patched file (for the test that compares the two layouts). */
export function unpatched(text, fixes) {
  if (!text.startsWith(MARKER)) return text;
  let out = text.slice(MARKER.length);
  for (const { from, to } of fixes) out = out.replace(to, () => from);
  return out;
}

/** The patched text, or an Error saying which fix no longer matches the dependency's code. */
export function patched(text, fixes, file) {
  if (text.startsWith(MARKER)) return text;
  let out = text;
  for (const [i, { from, to }] of fixes.entries()) {
    if (count(out, from) !== 1)
      return new Error(
        `${file}: fix ${i + 1} of scripts/patch-deps.mjs does not match this version's code (found ${count(out, from)} times): check it against the new code, then update or remove it`,
      );
    out = out.replace(from, () => to);
  }
  return MARKER + out;
}

export function isPatched(file) {
  return readFileSync(join(ROOT, file), 'utf8').startsWith(MARKER);
}

function applyAll() {
  for (const { file, fixes } of PATCHES) {
    const path = join(ROOT, file);
    const text = readFileSync(path, 'utf8');
    const out = patched(text, fixes, file);
    if (out instanceof Error) throw out;
    if (out === text) continue;
    // beside and renamed: an install stopped midway never leaves half a file
    writeFileSync(`${path}.tmp-${process.pid}`, out);
    renameSync(`${path}.tmp-${process.pid}`, path);
    console.log(`patched ${file}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  try {
    applyAll();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
