/**
 * Training: the SwAV pretraining and supervised loops, LARS/LARC, learning-rate schedules, checkpoints written as one
 * atomic commit, metrics and progress. Frozen-feature evaluation lives in {@code io.github.seer4j.eval}.
 */
package io.github.seer4j.train;
