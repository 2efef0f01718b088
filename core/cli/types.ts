/** One `qar` command: parses its own arguments (strictly) and returns the exit code. */
export interface CliCommand {
  /** one line of Chinese help */
  summary: string;
  run(args: string[]): Promise<number>;
}
