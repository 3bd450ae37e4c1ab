/** SwAV: multi-crop views, projection head, prototypes, Sinkhorn-Knopp codes, swapped-prediction loss, embedding queue. */
package io.github.seer4j.swav;
