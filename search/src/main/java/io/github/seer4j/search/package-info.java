/**
 * Design-space studies: an Arbiter search over a designspace space ({@link io.github.seer4j.search.DesignParameterSpace} with
 * Arbiter's random and grid generators; {@link io.github.seer4j.search.CandidateSource} rejects or repairs candidates outside the
 * complexity windows), score functions ({@link io.github.seer4j.search.CandidateScorer}: complexity objectives now, training
 * proxies when the training engine lands), {@link io.github.seer4j.search.SearchRunner} (results saved as JSON lines as they
 * arrive, resumable), and analysis: EDFs, scatter plots ({@link io.github.seer4j.search.Plots}) and the paper's best-range bootstrap.
 */
package io.github.seer4j.search;
