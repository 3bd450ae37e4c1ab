/** Turns a designspace NetworkSpec into a trainable network built from blocks, and reads/writes its weights. */
package regnet;
