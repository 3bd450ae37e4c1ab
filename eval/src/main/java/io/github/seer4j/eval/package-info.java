/**
 * Evaluation of trained trunks: frozen features (last stage, every stage, spatial grids), the linear probe, k-NN and
 * low-shot fine-tuning, the quickstart, and the evaluation story that puts SwAV, random and supervised trunks side by side.
 */
package io.github.seer4j.eval;
