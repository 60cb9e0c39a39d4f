/** A model the ONNX export cannot express (a layer pattern, a size past protobuf's limit): one line, what and why. */
export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
}
