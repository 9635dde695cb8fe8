/**
 * Whether a worker thread still runs, for a caller that waits for it in Atomics.wait and so never sees its
 * 'exit' or 'error' event: a worker killed for running out of memory (or by a native crash) ends without a
 * message, and its caller would wait for ever. On Linux every thread of the process is a directory
 * /proc/self/task/TID while it runs; a worker reports its TID (from /proc/thread-self) when it starts, and the
 * caller looks for the directory. Elsewhere the TID is unknown (0) and a thread counts as running.
 */
import { existsSync, readlinkSync } from "node:fs";

/** This thread's kernel thread id, or 0 where /proc/thread-self does not exist. */
export function currentThreadId(): number {
  try {
    // "/proc/thread-self" → "PID/task/TID".
    const id = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isSafeInteger(id) && id > 0 ? id : 0;
  } catch {
    return 0;
  }
}

/** False only when the thread `id` (from currentThreadId in that thread) is known to have ended. */
export function threadRuns(id: number): boolean {
  return id === 0 || existsSync(`/proc/self/task/${id}`);
}
