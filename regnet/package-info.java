/**
 * Turns a designspace NetworkSpec into a trainable network built from blocks ({@link regnet.RegNetNetwork}), reads
 * and writes its weights ({@code save}/{@code load}, one zip file), benchmarks training steps
 * ({@link regnet.StepBenchmark}), and pools stage outputs for frozen-feature probes ({@link regnet.GridPooling}).
 * Entry point: {@code RegNetNetwork.build(spec, RegNetOptions.defaults())}.
 */
package regnet;
