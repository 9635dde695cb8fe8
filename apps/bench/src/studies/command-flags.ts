/**
 * Flags of `bench study`, `bench worker` and `bench report`: each command lists the flags it takes, and
 * anything else — an unknown flag, a missing or malformed value, a stray word — is a one-line error naming
 * it (the command exits 2).
 */
export class UsageError extends Error {}

export interface ParsedFlags {
  readonly positional: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
}

export function parseFlags(args: readonly string[], valued: readonly string[], switches: readonly string[] = []): ParsedFlags {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const on = new Set<string>();
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    if (switches.includes(arg)) {
      on.add(arg);
      continue;
    }
    if (!valued.includes(arg)) {
      throw new UsageError(`unknown flag ${arg} (this command takes ${[...valued, ...switches].join(", ") || "no flags"})`);
    }
    const value = args[k + 1];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value`);
    if (values.has(arg)) throw new UsageError(`${arg} is given twice`);
    values.set(arg, value);
    k++;
  }
  return { positional, values, switches: on };
}

export function positiveInteger(flags: ParsedFlags, name: string, fallback: number): number {
  const text = flags.values.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${name} expects a positive integer, got "${text}"`);
  }
  return value;
}

export function redisUrl(flags: ParsedFlags): string | undefined {
  const url = flags.values.get("--queue");
  if (url === undefined) return undefined;
  if (!/^rediss?:\/\/[^/]+/.test(url)) throw new UsageError(`--queue expects a Redis URL such as redis://127.0.0.1:6379, got "${url}"`);
  return url;
}
