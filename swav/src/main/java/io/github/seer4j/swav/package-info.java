/**
 * SwAV: multi-crop views and their loader, the head (projection MLP and prototypes, built from blocks' dense layers
 * under the same Traced contract), Sinkhorn-Knopp codes, the swapped-prediction loss, the embedding queue, and
 * embedding statistics.
 */
package io.github.seer4j.swav;
