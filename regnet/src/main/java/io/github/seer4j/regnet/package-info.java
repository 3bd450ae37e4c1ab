/**
 * Turns a designspace NetworkSpec into a trainable network built from blocks ({@link io.github.seer4j.regnet.RegNetNetwork}), reads
 * and writes its weights ({@code save}/{@code load}, one zip file), benchmarks training steps
 * ({@link io.github.seer4j.regnet.StepBenchmark}), and pools stage outputs for frozen-feature probes ({@link io.github.seer4j.regnet.GridPooling}).
 * Entry point: {@code RegNetNetwork.build(spec, RegNetOptions.defaults())}. Weights to and from torchvision, ONNX and
 * SameDiff: {@link io.github.seer4j.regnet.interop}.
 */
package io.github.seer4j.regnet;
