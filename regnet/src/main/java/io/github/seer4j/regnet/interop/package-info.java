/**
 * Trained weights leaving and entering seer4j: torchvision {@code RegNet} state dicts as safetensors
 * ({@link io.github.seer4j.regnet.interop.TorchvisionWeights}, {@link io.github.seer4j.regnet.interop.Safetensors}),
 * ONNX graphs ({@link io.github.seer4j.regnet.interop.OnnxExport}) and SameDiff inference graphs
 * ({@link io.github.seer4j.regnet.interop.SameDiffExport}). Every writer is all-or-nothing (temporary file, then an
 * atomic rename) and refuses to replace an existing file unless asked to; every read error names the file.
 */
package io.github.seer4j.regnet.interop;
