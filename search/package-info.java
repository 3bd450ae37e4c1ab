/** Design-space studies: Arbiter search over a designspace space, score functions, EDF analysis and plots. */
package search;
