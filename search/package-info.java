/**
 * Design-space studies: an Arbiter search over a designspace space ({@link search.DesignParameterSpace} with
 * Arbiter's random and grid generators; {@link search.CandidateSource} rejects or repairs candidates outside the
 * complexity windows), score functions ({@link search.CandidateScorer}: complexity objectives now, training
 * proxies when the training engine lands), {@link search.SearchRunner} (results saved as JSON lines as they
 * arrive, resumable), and analysis: EDFs, scatter plots ({@link search.Plots}) and the paper's best-range bootstrap.
 */
package search;
