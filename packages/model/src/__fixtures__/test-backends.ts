import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

/**
 * The backends that backend-sensitive tests run on: cpu and wasm always, and tensorflow (native
 * libtensorflow) where `@tensorflow/tfjs-node` loads — after `scripts/build-tfjs-node.sh` on a
 * machine whose install could not download libtensorflow.
 */
export const TEST_BACKENDS: readonly string[] = [
  'cpu',
  'wasm',
  ...((await nativeBackendLoads()) ? ['tensorflow'] : []),
];

async function nativeBackendLoads(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}
