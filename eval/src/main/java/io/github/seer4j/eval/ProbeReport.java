package io.github.seer4j.eval;

/** The outcome of one evaluation: top-1 accuracy on the untouched test split and what produced it. */
public record ProbeReport(String checkpoint, String model, String method, double labelsFraction, int labelledImages,
                          int testImages, double top1, String features, int featureDimension, boolean featuresFromCache,
                          double featureSeconds, double trainSeconds) {}
