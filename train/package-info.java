/** Training: the loop, LARS, learning-rate schedules, workspaces, data loading, checkpoints, evaluation (linear probe, low-shot). */
package train;
