/**
 * Child process of the matmul suite: times products on tfjs-node's `tensorflow` backend and
 * prints the median milliseconds per shape as JSON. It runs in a process of its own because
 * libtensorflow reads `TF_ENABLE_ONEDNN_OPTS` once, when it loads.
 *
 * Arguments: a JSON array of {@link MatMulShape}, then the number of timed repeats.
 */
import { selectBackend } from '@fewshot/model';
import { type MatMulShape, timeMatMul } from './matmul-timing.js';

const shapes = JSON.parse(process.argv[2] ?? '[]') as MatMulShape[];
const repeats = Number(process.argv[3] ?? '5');
await selectBackend('tensorflow');
process.stdout.write(JSON.stringify(shapes.map((shape) => timeMatMul(shape, { warmup: 2, repeats }).median)));
