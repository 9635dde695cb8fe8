/**
 * Runs an async job per call, each only after the previous call's job has settled, in call order. A pool
 * thread is handed its next task while the current one runs (task-pool.ts), and the fit code awaits
 * between its steps (the separation LP): without this, two tasks would interleave at those awaits, and a
 * row's `seconds` would time two fits at once.
 */
export function oneAtATime<A, R>(job: (argument: A) => Promise<R>): (argument: A) => Promise<R> {
  let previous: Promise<unknown> = Promise.resolve();
  return (argument) => {
    const result = previous.then(() => job(argument));
    // The next job waits for this one to settle, whether it resolved or rejected.
    previous = result.catch(() => undefined);
    return result;
  };
}
