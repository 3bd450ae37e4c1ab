/**
 * Images for training and evaluation: the decoded {@link io.github.seer4j.data.Image}, random-access
 * {@link io.github.seer4j.data.ImageSource}s (image folders, Fashion-MNIST with an embedded slice), subsets and
 * resizing. Pure Java; no ND4J.
 */
package io.github.seer4j.data;
