/**
 * How a function's running time grows with its input, as a ratio: the time on an input `factor` times
 * longer divided by the time on the shorter one, both measured in this run (never a wall-clock bound).
 * Linear work gives about `factor`, quadratic about `factor` squared: with the default 16, ~16 against
 * ~256, so a bound of 40 tells them apart with room for noise. Each size is timed as the fastest of
 * several rounds, every round repeating the call enough times to last a few milliseconds.
 */
export function timeGrowth(
  run: (input: string) => unknown,
  make: (length: number) => string,
  length: number,
  factor = 16,
): number {
  const small = make(length);
  const large = make(length * factor);
  run(small);
  run(large);
  let repeats = 1;
  while (timeOf(run, small, repeats) < 5 && repeats < 1 << 16) repeats *= 2;
  const fastest = (input: string) => Math.min(...Array.from({ length: 5 }, () => timeOf(run, input, repeats)));
  return fastest(large) / fastest(small);
}

function timeOf(run: (input: string) => unknown, input: string, repeats: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < repeats; i += 1) run(input);
  return Number(process.hrtime.bigint() - started) / 1e6;
}
