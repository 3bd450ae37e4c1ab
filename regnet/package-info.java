/**
 * Turns a designspace NetworkSpec into a trainable network built from blocks ({@link regnet.RegNetNetwork}), reads
 * and writes its weights ({@code save}/{@code load}, one zip file), and benchmarks training steps
 * ({@link regnet.StepBenchmark}). Entry point: {@code RegNetNetwork.build(spec, RegNetOptions.defaults())}.
 */
package regnet;
