/**
 * Which workspace file a command line asks to open: `质量年报工作台 学校.qar` (file association, second instance).
 * Electron-free. Flags (`--foo`) and the executable itself are ignored; the last .qar argument wins.
 */
export function qarFileFromArgv(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const a = argv[i];
    if (a && !a.startsWith('-') && /\.qar$/i.test(a)) return a;
  }
  return null;
}
