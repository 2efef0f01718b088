/**
 * Speed fixes to a dependency's code, applied after every install (`postinstall`) until they are upstream.
 *
 * docx/layout (docx 9.15.2) lays out the 目录 probe when LibreOffice is not installed (core/docx/estimate-pages.ts),
 * as on a machine with Word and no LibreOffice. Profiled, most of its time went to four spots: a font's
 * measures worked out again for every piece of text; a linear search with fresh arrays and lower-casing for every
 * font-name lookup; the transpiled object-spread helper (`{ ...line, x }` in its source) copying each part property
 * by property through defineProperty and property descriptors; and `withoutUndefined` building entry arrays. The
 * fixes remember the first two (pure functions of a font's name, bold and italic, whose results the callers only
 * read), let the helper copy with Object.assign (the same effect for every part but one with an own `__proto__` key,
 * left to the helper, given that no object literal in the file has an accessor: checked below), and filter with a
 * loop. The layout is the same page for page (tests/docx-layout-patch.test.ts lays out report probes with the
 * patched and the released code and compares every line). Whole `qar report` without LibreOffice
 * (QAR_PAGE_PASS=estimate), paired runs: the demo school 6.17 → 2.53 s (0.41×, 5 pairs), the seed-003-scale report
 * 14.58 → 4.47 s (0.31×, 4 pairs).
 *
 * Each fix replaces one exact stretch of the released file: a docx whose code differs stops the install with a
 * message, so a fix is never applied to code it was not checked against. The released file is kept beside the patched
 * one (`.released`) and every run patches from it, so changed fixes replace the old ones; a file npm reinstalls is
 * released again. The first line of a patched file names its fixes by a hash.
 *
 * docx's own index (index.mjs/.cjs): each picture is named by the SHA-1 of its bytes, worked out in JavaScript; Node's
 * crypto gives the same hex (HASHED_ID_FROM below; tested on bytes, views, text and an ArrayBuffer). Each part's XML
 * is written in one walk instead of two, escaping only values with something to escape (STRINGIFY_FROM; the same
 * text, tests/docx-stringify-patch.test.ts). In both files, the class-field helper skips its key conversion for
 * string keys (DEFINE_PROPERTY_FROM).
 *
 *   node scripts/patch-deps.mjs        apply (what `npm ci` / `npm install` run)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MARKER_HEAD = '/* qar-studio: patched by scripts/patch-deps.mjs (docx speed),';
/** How every patched file starts, whatever version of this script patched it. */
const PATCHED_PREFIX = '/* qar-studio: patched by scripts/patch-deps.mjs';

const SPREAD_FROM = `function _objectSpread2(e) {
	for (var r = 1; r < arguments.length; r++) {
		var t = null != arguments[r] ? arguments[r] : {};
		r % 2 ?`;
const SPREAD_TO = `function _objectSpread2(e) {
	for (var r = 1; r < arguments.length; r++) {
		var t = null != arguments[r] ? arguments[r] : {};
		if (!Object.hasOwn(t, "__proto__")) {
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

const DEFINED_FROM =
  'var withoutUndefined = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== void 0));';
const DEFINED_TO = `var withoutUndefined = (object) => {
	const out = {};
	for (const key of Object.keys(object)) {
		const value = object[key];
		if (value === void 0) continue;
		if (key === "__proto__") Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
		else out[key] = value;
	}
	return out;
};`;

// docx's classes set their fields through the transpiled defineProperty helper, which turns each key into a property
// key through _typeof and toPrimitive calls first; a string key is its own property key, so it skips them (12 ms of
// the seed-003-scale report's document build in a profile, ~0.12 s of a district draft of 100 schools).
const DEFINE_PROPERTY_FROM = `function _defineProperty(e, r, t) {
\treturn (r = toPropertyKey(r)) in e ?`;
const DEFINE_PROPERTY_TO = `function _defineProperty(e, r, t) {
\treturn (r = typeof r === "string" ? r : toPropertyKey(r)) in e ?`;

const LAYOUT_FIXES = [
  // exact only where no object literal has a getter or setter (then no target of the helper has a setter, and
  // every literal part it copies is plain data): a release that adds one is refused
  { from: SPREAD_FROM, to: SPREAD_TO, unless: /^\s+(get|set) [\w$]+\(/m },
  { from: EAST_ASIAN_FROM, to: EAST_ASIAN_TO },
  { from: MEASURES_FROM, to: MEASURES_TO },
  { from: DEFINED_FROM, to: DEFINED_TO },
  { from: DEFINE_PROPERTY_FROM, to: DEFINE_PROPERTY_TO },
];

// docx names each picture by the SHA-1 of its bytes, computed in JavaScript: the 1 400 case photos of a district
// draft of 100 schools took 0.8 s of its thread in a profile (a loaded machine); paired, the draft took 0.94×. Node's own SHA-1 gives the same hex for the same bytes; other inputs (text,
// other typed arrays, a browser) keep docx's code.
const HASHED_ID_FROM =
  'var hashedId = (data) => Array.from(sha1(typeof data === "string" ? encodeUtf8(data) : ArrayBuffer.isView(data) ? data : new Uint8Array(data)), (byte) => byte.toString(16).padStart(2, "0")).join("");';
const HASHED_ID_TO = `var nodeCryptoForIds = typeof process !== "undefined" && typeof process.getBuiltinModule === "function" ? process.getBuiltinModule("node:crypto") : void 0;
var hashedId = (data) => nodeCryptoForIds !== void 0 && data instanceof Uint8Array ? nodeCryptoForIds.createHash("sha1").update(data).digest("hex") : Array.from(sha1(typeof data === "string" ? encodeUtf8(data) : ArrayBuffer.isView(data) ? data : new Uint8Array(data)), (byte) => byte.toString(16).padStart(2, "0")).join("");`;

// docx writes each part's XML in two steps, a tree of element records (tag, attribute strings, content list) and then
// their text, with regular expressions run over every value to escape it: the seed-003-scale report's document took
// ~55 ms of the export's thread in a profile, a district draft of 100 schools ~0.45 s. Without indentation (how
// docx's Packer and compiler call it), this writes the same text in one walk and escapes only values that have
// something to escape. Anything it does not expect (a null child, a value that is not an element) falls back to
// docx's own, which gives what it always did (tests/docx-stringify-patch.test.ts compares both on whole reports and
// on every quirk of the format: text replacing the element before it, attributes after children, CDATA, numbers).
const STRINGIFY_FROM = 'var stringifyXmlable = (input, { indent = "", declaration } = {}) => {';
const STRINGIFY_TO = `var fastXmlOwn = Object.prototype.hasOwnProperty;
var fastXmlEscapable = /[&"'<>\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]/;
var fastXmlValue = (value) => typeof value === "string" ? fastXmlEscapable.test(value) ? escapeAll(value) : value : String(value);
var fastXmlFirstKey = (object) => {
	for (const key in object) return fastXmlOwn.call(object, key) ? key : void 0;
	return void 0;
};
var fastXmlAttributes = (attr) => {
	if (typeof attr !== "object") throw new TypeError("not an attribute object");
	let out = "";
	for (const key in attr) if (fastXmlOwn.call(attr, key)) out += \` \${key}="\${fastXmlValue(attr[key])}"\`;
	return out;
};
var fastXmlElement = (data) => {
	if (data === null || typeof data !== "object") throw new TypeError("not an element");
	const name = fastXmlFirstKey(data);
	const values = name === void 0 ? void 0 : data[name];
	let attributes = "";
	let body = "";
	let length = 0;
	if (typeof values === "object") {
		if (values !== null) {
			const { _attr: attr, _cdata: cdata } = values;
			if (attr) attributes += fastXmlAttributes(attr);
			if (cdata) {
				body = \`<![CDATA[\${cdata.replace(/\\]\\]>/g, "]]]]><![CDATA[>")}]]>\`;
				length = 1;
			}
			if (Array.isArray(values)) {
				// as docx's: an empty first item, and a value that is not an element replaces the item before it
				const content = length ? [body, ""] : [""];
				for (const value of values) if (typeof value === "object") {
					if (value === null) throw new TypeError("null child");
					if (fastXmlFirstKey(value) === "_attr") attributes += fastXmlAttributes(value._attr);
					else content.push(fastXmlElement(value));
				} else {
					content.pop();
					content.push(value === void 0 ? "" : fastXmlValue(value));
				}
				length = content.length;
				body = content.join("");
			}
		}
	} else {
		length = 1;
		body = values === void 0 ? "" : fastXmlValue(values);
	}
	const open = (name ? \`<\${name}\` : "") + attributes;
	if (length === 0) return \`\${open}/>\`;
	return (name ? \`\${open}>\` : open) + body + (name ? \`</\${name}>\` : "");
};
var fastStringifyXmlable = (input, declaration) => {
	const items = Array.isArray(input) ? input : [input];
	const standalone = (declaration === null || declaration === void 0 ? void 0 : declaration.standalone) ? \` standalone="\${escapeAll(declaration.standalone)}"\` : "";
	let out = declaration === void 0 ? "" : \`<?xml version="1.0" encoding="\${escapeAll(declaration.encoding || "UTF-8")}"\${standalone}?>\`;
	for (let i = 0; i < items.length; i++) {
		if (!(i in items)) throw new TypeError("hole");
		out += fastXmlElement(items[i]);
	}
	return out;
};
var stringifyXmlable = (input, options) => {
	if (options === void 0 || options !== null && typeof options === "object" && (options.indent === void 0 || options.indent === "")) try {
		return fastStringifyXmlable(input, options === void 0 ? void 0 : options.declaration);
	} catch {}
	return stringifyXmlableReleased(input, options);
};
var stringifyXmlableReleased = (input, { indent = "", declaration } = {}) => {`;

/** The patched files and what each fix replaces (every `from` once in the released file). */
export const PATCHES = [
  ...['node_modules/docx/dist/layout.mjs', 'node_modules/docx/dist/layout.cjs'].map((file) => ({
    file,
    fixes: LAYOUT_FIXES,
  })),
  ...['node_modules/docx/dist/index.mjs', 'node_modules/docx/dist/index.cjs'].map((file) => ({
    file,
    fixes: [
      { from: HASHED_ID_FROM, to: HASHED_ID_TO },
      { from: STRINGIFY_FROM, to: STRINGIFY_TO },
      { from: DEFINE_PROPERTY_FROM, to: DEFINE_PROPERTY_TO },
    ],
  })),
];

const count = (text, part) => text.split(part).length - 1;

/** The first line of a file these fixes patched: it names them by a hash, so a file patched by other fixes differs. */
export function markerOf(fixes) {
  const hash = createHash('sha256')
    .update(JSON.stringify(fixes.map(({ from, to, unless }) => [from, to, String(unless ?? '')])))
    .digest('hex')
    .slice(0, 16);
  return `${MARKER_HEAD} ${hash} */\n`;
}

/** Where the released file is kept beside a patched one: every run patches from it, never from patched code. */
export const releasedCopyOf = (file) => `${file}.released`;

/** The patched text of a released file, or an Error saying which fix does not fit this version's code. */
export function patched(released, fixes, file) {
  let out = released;
  for (const [i, { from, to, unless }] of fixes.entries()) {
    if (unless?.test(out))
      return new Error(
        `${file}：scripts/patch-deps.mjs 的第 ${i + 1} 处修改依赖的前提在这个版本的代码里不成立（出现了 ${unless}），请核对后再用`,
      );
    if (count(out, from) !== 1)
      return new Error(
        `${file}：scripts/patch-deps.mjs 的第 ${i + 1} 处修改与这个版本的代码对不上（要替换的原文出现 ${count(out, from)} 次，应为 1 次）：请对照新代码更新或删去这处修改`,
      );
    out = out.replace(from, () => to);
  }
  return markerOf(fixes) + out;
}

/** Whether `file` holds the current fixes. */
export function isPatched(file, fixes) {
  return readFileSync(join(ROOT, file), 'utf8').startsWith(markerOf(fixes));
}

function writeBeside(path, text) {
  // beside and renamed: an install stopped midway never leaves half a file
  writeFileSync(`${path}.tmp-${process.pid}`, text);
  renameSync(`${path}.tmp-${process.pid}`, path);
}

function applyAll() {
  for (const { file, fixes } of PATCHES) {
    const path = join(ROOT, file);
    const copy = join(ROOT, releasedCopyOf(file));
    const text = readFileSync(path, 'utf8');
    // a file npm (re)installed is the released one; a patched one (these fixes or earlier ones) has its copy beside
    const fresh = !text.startsWith(PATCHED_PREFIX);
    if (!fresh && !existsSync(copy))
      throw new Error(`${file} 已打过补丁，但旁边保存的原版副本不见了：请重新安装依赖（npm ci）后再运行`);
    const released = fresh ? text : readFileSync(copy, 'utf8');
    const out = patched(released, fixes, file);
    if (out instanceof Error) throw out;
    if (out === text) continue;
    if (fresh) writeBeside(copy, released);
    writeBeside(path, out);
    console.log(`已修补 ${file}`);
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
