/**
 * The RegNet design-space DSL: generator parameters, quantization, stage generation, AnyNet/RegNet design spaces,
 * seeded sampling under constraints, FLOP-budget fitting, and complexity (flops, params, activations) counted the
 * pycls way.
 *
 * <p>Everything here is plain Java plus Guava: no ND4J. The one value every other package interprets is
 * {@link io.github.seer4j.designspace.NetworkSpec}; {@link io.github.seer4j.designspace.RegNet} is the fluent door for users.
 */
package io.github.seer4j.designspace;
