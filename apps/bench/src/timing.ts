/** Wall-clock timing helpers: medians of repeated runs in a warm process. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

export interface Timed<T> {
  readonly result: T;
  readonly secondsEach: number[];
  readonly medianSeconds: number;
  /** Process CPU seconds (user + system) of each timed run: less sensitive than wall time to other load. */
  readonly cpuSecondsEach: number[];
  readonly medianCpuSeconds: number;
}

/** Run `task` `warmup` times untimed, then `runs` times timed. */
export function timeRepeated<T>(task: () => T, runs: number, warmup: number): Timed<T> {
  let result = task();
  for (let k = 1; k < warmup; k++) result = task();
  const secondsEach: number[] = [];
  const cpuSecondsEach: number[] = [];
  for (let k = 0; k < runs; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    result = task();
    secondsEach.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const cpu = process.cpuUsage(cpu0);
    cpuSecondsEach.push((cpu.user + cpu.system) / 1e6);
  }
  return { result, secondsEach, medianSeconds: median(secondsEach), cpuSecondsEach, medianCpuSeconds: median(cpuSecondsEach) };
}
