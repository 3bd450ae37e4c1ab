/**
 * Network building blocks on ND4J behind one {@link io.github.seer4j.blocks.Layer} contract: a forward pass in a
 * {@link io.github.seer4j.blocks.Mode} returns a {@link io.github.seer4j.blocks.Traced} output whose closure
 * back-propagates and adds into each {@link io.github.seer4j.blocks.Parameter}'s gradient; non-trainable state is
 * exposed by name through {@code buffers()}. Convolutional pieces on NHWC tensors (stem, X/Y residual bottleneck
 * block, grouped convolution, Squeeze-Excitation, batch norm, the pooling/classifier head, interpreting designspace's
 * BlockSpec/StemSpec/HeadSpec) and dense pieces on [N, C] (Linear, BatchNorm1d, Relu, L2Normalize), with their
 * seeded {@link io.github.seer4j.blocks.Init} and the kernels beneath them.
 */
package io.github.seer4j.blocks;
