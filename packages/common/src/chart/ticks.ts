/** About `count` round tick values (1, 2 or 5 × 10ⁿ apart) from at or below `min` to at or above `max`. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max))
    throw new RangeError(`ticks: no range ${min}..${max}`);
  if (min === max) return [min - 1, min, min + 1];
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  // Rounded to the step's decimals (and -0 to 0), so 0.1 + 0.2 shows as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(decimals)) + 0);
}

/**
 * Ticks of a logarithmic axis from at or below `min` to at or above `max` (both > 0): the
 * powers of ten, with 2 and 5 × 10ⁿ between them when the range spans fewer than three decades.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0 && max >= min && Number.isFinite(max)))
    throw new RangeError(`log ticks: no positive range ${min}..${max}`);
  const low = Math.floor(Math.log10(min) + 1e-9);
  const high = Math.ceil(Math.log10(max) - 1e-9);
  const factors = high - low < 3 ? [1, 2, 5] : [1];
  const candidates: number[] = [];
  for (let exponent = low; exponent <= Math.max(high, low + 1); exponent++) {
    for (const factor of factors) candidates.push(Number((factor * 10 ** exponent).toPrecision(12)));
  }
  const first = candidates.findLastIndex((tick) => tick <= min);
  const last = candidates.findIndex((tick) => tick >= max);
  return candidates.slice(Math.max(0, first), Math.max(last, first + 1) + 1);
}

/** A tick label: up to six significant digits, an exponent from 10⁴ up or below 10⁻³. */
export function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || (magnitude > 0 && magnitude < 1e-3)) return value.toExponential(1);
  return String(Number(value.toPrecision(6)));
}
