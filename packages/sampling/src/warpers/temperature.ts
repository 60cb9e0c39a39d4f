import type { LogitsProcessor } from '../logits-processor.js';
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
    for (let i = 0; i < logits.length; i++) logits[i] = (logits[i] ?? 0) / this.temperature;
  }
}
