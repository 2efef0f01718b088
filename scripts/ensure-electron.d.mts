/** Types of scripts/ensure-electron.mjs (plain JS so it runs before any dependency works). */
export declare const CHINA_MIRROR: string;
export declare const SKIPPED_MESSAGE: string;
export declare function platformExecutable(platform?: string): string;
export declare function electronInstalled(
  electronDir: string,
  env?: Record<string, string | undefined>,
  platform?: string,
): boolean;
export declare function downloadFailedMessage(platform?: string): string;
export declare function ensureElectron(opts: {
  electronDir: string;
  env?: Record<string, string | undefined>;
  platform?: string;
  runInstaller: () => number;
  log: { info: (m: string) => void; error: (m: string) => void };
}): number;
