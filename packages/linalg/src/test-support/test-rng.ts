/** Seeded test randomness (no dependencies, so benchmarks can import it without ml-matrix). */
export interface TestRng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Integer uniform on [low, high]. */
  integer(low: number, high: number): number;
}

/** mulberry32 (Tommy Ettinger): tiny, fast, well-mixed 32-bit generator. */
export function createRng(seed: number): TestRng {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    normal: () => {
      const u1 = 1 - uniform(); // in (0, 1], so the log is finite
      const u2 = uniform();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    integer: (low, high) => low + Math.floor(uniform() * (high - low + 1)),
  };
}
