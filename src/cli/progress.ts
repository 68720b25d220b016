import type CliProgress from 'cli-progress';

/** Where per-file lines go while the batch runs: above a progress bar on a terminal, plainly otherwise. */
export interface Progress {
  start(total: number): void;
  advance(): void;
  /** Writes text (whole lines) without tearing the bar. */
  log(text: string): void;
  stop(): void;
}

/** A bar on `stream` when it is a terminal and `enabled`; otherwise lines are written as they come. */
export function progressOn(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) {
    return { start() {}, advance() {}, log: (text) => void stream.write(text), stop() {} };
  }
  // Loaded only for a bar on a terminal: hooks and CI runs never draw one.
  const cliProgress = require('cli-progress') as typeof CliProgress;
  const bars = new cliProgress.MultiBar(
    { stream, format: '{bar} {value}/{total} packages | {duration_formatted}', clearOnComplete: true, hideCursor: true, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  let bar: CliProgress.SingleBar | undefined;
  return {
    start: (total) => {
      bar = bars.create(total, 0);
    },
    advance: () => bar?.increment(),
    log: (text) => {
      if (text) bars.log(text);
    },
    stop: () => bars.stop(),
  };
}
