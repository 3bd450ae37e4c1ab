/**
 * Training: the loop, LARS, learning-rate schedules, workspaces, data loading, checkpoints, and evaluation of frozen
 * features (linear probe, k-NN, low-shot fine-tuning; the feature layouts of {@link train.ProbeFeatures}) with the
 * story benchmark that puts them side by side.
 */
package train;
