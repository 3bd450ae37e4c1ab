/**
 * The RegNet design-space DSL: generator parameters, quantization, stage generation, AnyNet/RegNet design spaces,
 * seeded sampling under constraints, FLOP-budget fitting (any budget from the smallest expressible RegNet, one block
 * of width 8, upward, within 2%), and complexity (flops, params, activations) counted the pycls way.
 *
 * <p>Everything here is plain Java plus Guava (argument checks, immutable lists): no ND4J. The one value every other
 * package interprets is {@link io.github.seer4j.designspace.NetworkSpec}; {@link io.github.seer4j.designspace.RegNet}
 * is the fluent door for users. Invalid designs throw {@link io.github.seer4j.designspace.InvalidDesignException}
 * with a message naming the parameter, its value and the valid range.
 */
package io.github.seer4j.designspace;
