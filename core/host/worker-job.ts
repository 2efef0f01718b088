/**
 * Runs one job in a worker thread with a heap cap and a time limit, and turns what can go wrong into one Chinese
 * QarError: the job's own QarError passes through unchanged; running out of memory, overrunning the time or the
 * worker dying become TOO_LARGE (or an internal error, which dispatch reports as 内部错误：…) with a sentence a
 * user can act on. The worker script answers with
 * { type: 'done', result } or { type: 'error', error: { code, message } } (core/api/dispatch.ts toApiError).
 */
import { Worker } from 'node:worker_threads';
import { QarError, type QarErrorCode } from '../errors';

export interface WorkerJobLimits {
  maxOldGenerationSizeMb: number;
  timeoutMs: number;
}

export interface WorkerJobOptions {
  /** e.g. ['--import', 'tsx'] when the script is TypeScript (tests) */
  execArgv?: string[];
  /** what the job is, for messages: 「读取 Excel 工作簿」 */
  what: string;
}

type Reply = { type: 'done'; result: unknown } | { type: 'error'; error?: { code: string; message: string } };

function fromReply(err: { code: string; message: string } | undefined, what: string): Error {
  if (!err) return new Error(`${what}失败（后台任务没有给出原因）`);
  // the worker's 内部错误 envelope back to a plain error: dispatch wraps it again, exactly once
  if (err.code === 'INTERNAL') return new Error(err.message.replace(/^内部错误：|。请把这行信息反馈给开发者。$/g, ''));
  return new QarError(err.code as QarErrorCode, err.message);
}

export function runWorkerJob<T>(
  script: string | URL,
  data: unknown,
  limits: WorkerJobLimits,
  opts: WorkerJobOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(script, {
      workerData: data,
      execArgv: opts.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb },
      stdout: false,
      stderr: false,
    });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new QarError(
              'TOO_LARGE',
              `${opts.what}超过 ${Math.round(limits.timeoutMs / 1000)} 秒仍未完成，已停止。文件内容可能异常庞大，请只保留需要导入的内容后重试。`,
            ),
          ),
        ),
      limits.timeoutMs,
    );
    worker.on('message', (msg: Reply) => {
      if (msg.type === 'done') finish(() => resolve(msg.result as T));
      else if (msg.type === 'error') finish(() => reject(fromReply(msg.error, opts.what)));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(() =>
        reject(
          oom
            ? new QarError(
                'TOO_LARGE',
                `${opts.what}时内存用量超过上限（${limits.maxOldGenerationSizeMb} MB），已停止。文件内容异常庞大，请只保留需要导入的内容后重试。`,
                { cause: e },
              )
            : new Error(`${opts.what}失败：${e.message}`, { cause: e }),
        ),
      );
    });
    worker.on('exit', (code) => {
      finish(() => reject(new Error(`${opts.what}的后台任务意外退出（${code}）`)));
    });
  });
}
