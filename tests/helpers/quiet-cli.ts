/** `qar …` through the CLI's own entry in this process, its lines not printed: the exit code. */
import { vi } from 'vitest';
import { main } from '../../core/cli';

export async function quietly(args: string[]): Promise<number> {
  const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return await main(args);
  } finally {
    spy.mockRestore();
  }
}
