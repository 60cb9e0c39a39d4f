import { PromptingError } from '../prompting-error.js';

/**
 * The unbiased estimator of pass@k of Chen et al. 2021 ("Evaluating Large Language Models
 * Trained on Code", eq. 1): with n samples of which c pass, the probability that at least one of
 * k samples drawn without replacement passes, 1 − C(n−c, k) / C(n, k). Computed as
 * 1 − ∏_{i=n−c+1}^{n} (1 − k/i), the paper's numerically stable form (no binomial coefficient
 * is formed, so n in the thousands stays exact to rounding).
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || n < 1) throw new PromptingError('n', n, 'expected an integer >= 1 (samples per problem)');
  if (!Number.isInteger(c) || c < 0 || c > n)
    throw new PromptingError('c', c, `expected an integer in 0..${n} (passing samples)`);
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new PromptingError('k', k, `expected an integer in 1..${n} (k cannot exceed the samples)`);
  if (n - c < k) return 1;
  let fail = 1;
  for (let i = n - c + 1; i <= n; i++) fail *= 1 - k / i;
  return 1 - fail;
}
