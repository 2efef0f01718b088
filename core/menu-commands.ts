/**
 * The commands the desktop menu sends to the page (`menu.command` event). One list, plain data with no imports,
 * so the API contract (zod enum) and the renderer (which must not bundle the whole contract) share it.
 */
export const MENU_COMMANDS = [
  'new',
  'open-demo',
  'next-year',
  'export-docx',
  'export-json',
  'import-json',
  'export-xlsx',
  'import-xlsx',
  'import-comments',
  'undo',
  'redo',
  'about',
  'help',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
