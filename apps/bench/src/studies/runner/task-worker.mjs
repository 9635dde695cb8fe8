// A pool thread: loads the TypeScript sources (tsx + the @glmmkit/source condition) and runs tasks.
import "@glmmkit/run-source/register";

const { runTask } = await import("./run-task.ts");

export default function run(task) {
  return runTask(task);
}
