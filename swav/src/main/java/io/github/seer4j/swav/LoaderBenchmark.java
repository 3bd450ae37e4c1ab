package io.github.seer4j.swav;

import io.github.seer4j.data.Image;
import io.github.seer4j.data.ImageSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How fast the data side makes SwAV views, with no training running: decode and augmentation timed apart on one
 * thread (images/s per worker), then the loader's own output with all its workers (images/s of finished batches).
 */
public final class LoaderBenchmark {

    private LoaderBenchmark() {}

    /**
     * @param seconds time spent in each of the two measurements (at least one image or batch each)
     */
    public static Map<String, Object> run(ImageSource source, MultiCropAugmenter augmenter, int batch, int workers,
            long seed, double seconds) {
        CropSpec spec = augmenter.spec();
        float[][] bufs = new float[spec.groups().size()][];
        for (int g = 0; g < bufs.length; g++) {
            bufs[g] = new float[spec.groups().get(g).count() * augmenter.cropLength(g)];
        }
        // one thread: decode, then augment, image after image in a seeded order (a cold start: no image twice)
        MultiCropLoader order = new MultiCropLoader(source, augmenter, Math.min(batch, source.size()), seed, 1, 1);
        int[] perm = order.order(0);
        double decode = 0;
        double augment = 0;
        long pixels = 0;
        int n = 0;
        long start = System.nanoTime();
        while (n < perm.length && (n == 0 || (System.nanoTime() - start) / 1e9 < seconds)) {
            long t0 = System.nanoTime();
            Image img = source.image(perm[n]);
            long t1 = System.nanoTime();
            augmenter.augment(img, seed, 0, perm[n], bufs, 1, 0);
            long t2 = System.nanoTime();
            decode += (t1 - t0) / 1e9;
            augment += (t2 - t1) / 1e9;
            pixels += (long) img.height() * img.width();
            n++;
        }
        // all workers: batches of the next epoch (other images than above where the source is large enough)
        MultiCropLoader loader = new MultiCropLoader(source, augmenter, batch, seed, workers, 3);
        int batches = 0;
        long t0 = System.nanoTime();
        try (MultiCropLoader.Prefetcher it = loader.epoch(1, 0)) {
            while (it.hasNext() && (batches == 0 || (System.nanoTime() - t0) / 1e9 < seconds)) {
                it.next();
                batches++;
            }
        }
        double loaderSecs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("crops", spec.toString());
        m.put("decode_short_side", spec.decodeShortSide());
        m.put("images_timed_on_one_thread", n);
        m.put("mean_decoded_pixels", pixels / n);
        m.put("decode_s_per_image", decode / n);
        m.put("augment_s_per_image", augment / n);
        m.put("images_per_s_per_worker", n / (decode + augment));
        m.put("workers", workers);
        m.put("loader_batches_timed", batches);
        m.put("loader_images_per_s", batches * batch / loaderSecs);
        return m;
    }
}
