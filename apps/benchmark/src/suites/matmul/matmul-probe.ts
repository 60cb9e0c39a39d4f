/**
 * Child process of the matmul suite: starts a backend through `selectBackend` (which reads the
 * environment the parent sets: `TF_ENABLE_ONEDNN_OPTS`, `FEWSHOT_WASM_THREADS`, both read once,
 * as the backend starts), times products on it and prints, as JSON, the median milliseconds per
 * shape and the threads the backend reports.
 *
 * Arguments: the backend (`tensorflow` or `wasm`), a JSON array of {@link MatMulShape}, then the
 * number of timed repeats.
 */
import { installKernels } from '@fewshot/kernels';
import { type BackendName, selectBackend } from '@fewshot/model/node';
import { type MatMulShape, timeMatMul } from './matmul-timing.js';

const backend = process.argv[2] as BackendName;
const shapes = JSON.parse(process.argv[3] ?? '[]') as MatMulShape[];
const repeats = Number(process.argv[4] ?? '5');
installKernels();
const { threads } = await selectBackend(backend);
const ms = shapes.map((shape) => timeMatMul(shape, { warmup: 2, repeats }).median);
process.stdout.write(JSON.stringify({ ms, threads }));
