/** One `qar` command: parses its own arguments (strictly) and returns the exit code. */
export interface CliCommand {
  /** one line of Chinese help */
  summary: string;
  /** how it is called, in Chinese: printed by `qar <命令> --help` and with every argument mistake */
  usage: string;
  run(args: string[]): Promise<number>;
}
