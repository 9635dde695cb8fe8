/**
 * Counters in a SharedArrayBuffer through which the threads of `--threads N` tell each other that a message
 * is waiting on their port (worker-chain-executor.ts, chain-worker.ts). A lockstep run (imsa, scoresa)
 * exchanges one message per iteration with every worker, and an iteration can be as short as a tenth of a
 * millisecond (Booth–Hobert: 20 MALA steps on 150 rows for two chains), while waking a thread asleep in
 * Atomics.wait costs tens of microseconds and a trip through the event loop more. So a waiting thread spins
 * on the counter for a short while first — the other side is usually about to finish its own share of the
 * same iteration — and only then sleeps.
 */

/**
 * How long a waiting thread polls the counter before it sleeps (milliseconds). Short: V8's compiler and
 * collector threads need the same cores while the code warms up, and on a busy machine a spinning thread
 * takes the time slice of the very thread it waits for. On Booth–Hobert with --threads 2, 0.1 ms beat both
 * 0 (sleep at once) and 0.5 ms.
 */
const SPIN_MILLISECONDS = 0.1;

/** Increments counter `index` and wakes whoever sleeps on it. */
export function signal(counters: Int32Array, index: number): void {
  Atomics.add(counters, index, 1);
  Atomics.notify(counters, index);
}

/** How long a sleeping waiter sleeps before it looks again (and runs its `asleep` check). */
const SLEEP_MILLISECONDS = 1000;

/**
 * Returns once counter `index` differs from `seen` (its value when the caller last looked). `asleep`, when
 * given, runs after every second spent asleep without a change: a waiter that cannot reach its event loop
 * checks there that whoever should change the counter still can (it may throw).
 */
export function waitForChange(counters: Int32Array, index: number, seen: number, asleep?: () => void): void {
  const spinUntil = performance.now() + SPIN_MILLISECONDS;
  for (let polls = 1; Atomics.load(counters, index) === seen; polls++) {
    // Reading the clock costs more than reading the counter: look at it every 64 polls.
    if ((polls & 63) === 0 && performance.now() > spinUntil) {
      while (Atomics.load(counters, index) === seen) {
        if (Atomics.wait(counters, index, seen, SLEEP_MILLISECONDS) === "timed-out") asleep?.();
      }
      return;
    }
  }
}
