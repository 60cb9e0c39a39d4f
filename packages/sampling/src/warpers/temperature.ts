import type { LogitsProcessor } from '../logits-processor.js';
import { maxFinite } from '../softmax.js';
import { requireNumber } from '../validate.js';

/**
 * Divides logits by the temperature: below 1 sharpens the distribution, above 1 flattens it.
 * Temperature 0 is greedy decoding, which the sampler handles by taking the argmax; this warper
 * only accepts positive temperatures.
 */
export class TemperatureWarper implements LogitsProcessor {
  readonly temperature: number;

  constructor(temperature: number) {
    this.temperature = requireNumber('temperature', temperature, { min: 0, minOpen: true });
  }

  process(logits: Float32Array): void {
    // Shifting by the maximum first leaves the distribution unchanged and keeps a tiny
    // temperature from overflowing float32 to Infinity (then NaN in the softmax).
    const max = maxFinite(logits);
    if (max === -Infinity) return;
    for (let i = 0; i < logits.length; i++) logits[i] = ((logits[i] ?? -Infinity) - max) / this.temperature;
  }
}
