export { type ExportOnnxOptions, type ExportedOnnx, exportOnnx, onnxFileName } from './export-onnx.js';
export {
  type GptGraphOptions,
  IR_VERSION,
  OPSET_VERSION,
  buildGptGraph,
  checkExportable,
  pastName,
  presentName,
} from './gpt-graph.js';
export { encodeModel } from './onnx-proto.js';
export { OnnxExportError } from './onnx-export-error.js';
export {
  type DecoderShape,
  type DecoderStep,
  type TensorConstructor,
  decoderFeeds,
  presentsAsPast,
} from './decoder-feeds.js';
