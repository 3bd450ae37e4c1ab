/** Network building blocks on ND4J: stem, X/Y residual bottleneck block, grouped convolution, Squeeze-Excitation, batch norm, head. Interprets designspace's BlockSpec/StemSpec/HeadSpec. */
package io.github.seer4j.blocks;
