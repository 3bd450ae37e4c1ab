package io.github.seer4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A one-time pass that writes a reduced copy of a photo folder: every image decoded near {@code 2 x shortSide}
 * (subsampled, {@link ImageDecoder}), resized bilinearly so its short side is {@code shortSide} pixels (never
 * enlarged), and written as a quality-90 JPEG at the same relative path under the output folder (extension
 * {@code .jpg}). Training on the copy decodes small files instead of full-size photos; bad files go to the skip log.
 */
public final class ImagePreparer {

    /** What a preparation pass did. */
    public record Result(int listed, int written, int skipped, long bytesWritten, double seconds) {}

    private ImagePreparer() {}

    public static Result prepare(Path source, Path out, int shortSide, int threads, SkipLog log) throws IOException {
        if (shortSide < ImageDecoder.MIN_SIDE) {
            throw new IllegalArgumentException("prepared size must be at least " + ImageDecoder.MIN_SIDE + " px, got "
                    + shortSide);
        }
        StreamingImageFolder in = StreamingImageFolder.open(source, 2 * shortSide, log);
        Path base = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < Math.max(1, threads); t++) {
                parts.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < in.size(); i = next.getAndIncrement()) {
                        Path p = in.path(i);
                        Image img;
                        try {
                            img = ImageDecoder.decode(p, 2 * shortSide);
                        } catch (ImageDecoder.UnusableImageException e) {
                            log.skip(p, e.getMessage());
                            continue;
                        }
                        Path rel = p.startsWith(base) ? base.relativize(p) : p.getFileName();
                        String name = rel.toString();
                        int dot = name.lastIndexOf('.');
                        Path target = out.resolve((dot < 0 ? name : name.substring(0, dot)) + ".jpg");
                        try {
                            Files.createDirectories(target.getParent());
                            bytes.addAndGet(writeJpeg(shrink(img, shortSide), target));
                            written.incrementAndGet();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while preparing " + source, e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException(e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(in.size(), written.get(), log.count(), bytes.get(), (System.nanoTime() - t0) / 1e9);
    }

    /** {@code img} resized bilinearly (half-pixel centres) so its short side is {@code shortSide}; never enlarged. */
    static Image shrink(Image img, int shortSide) {
        int h = img.height();
        int w = img.width();
        int s = Math.min(h, w);
        if (s <= shortSide) {
            return img;
        }
        double scale = (double) shortSide / s;
        int oh = h == s ? shortSide : (int) Math.round(h * scale);
        int ow = w == s ? shortSide : (int) Math.round(w * scale);
        int c = img.channels();
        float[] src = img.pixels();
        float[] dst = new float[c * oh * ow];
        double sy = (double) h / oh;
        double sx = (double) w / ow;
        for (int oy = 0; oy < oh; oy++) {
            double y = Math.max(0, Math.min(h - 1, (oy + 0.5) * sy - 0.5));
            int y0 = (int) y;
            int y1 = Math.min(h - 1, y0 + 1);
            float fy = (float) (y - y0);
            for (int ox = 0; ox < ow; ox++) {
                double x = Math.max(0, Math.min(w - 1, (ox + 0.5) * sx - 0.5));
                int x0 = (int) x;
                int x1 = Math.min(w - 1, x0 + 1);
                float fx = (float) (x - x0);
                for (int ch = 0; ch < c; ch++) {
                    int b = ch * h * w;
                    float top = src[b + y0 * w + x0] * (1 - fx) + src[b + y0 * w + x1] * fx;
                    float bot = src[b + y1 * w + x0] * (1 - fx) + src[b + y1 * w + x1] * fx;
                    dst[(ch * oh + oy) * ow + ox] = top * (1 - fy) + bot * fy;
                }
            }
        }
        return new Image(c, oh, ow, dst);
    }

    private static long writeJpeg(Image img, Path target) throws IOException {
        int h = img.height();
        int w = img.width();
        boolean gray = img.channels() == 1;
        BufferedImage b = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        float[] px = img.pixels();
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (gray) {
                    b.getRaster().setSample(x, y, 0, Math.round(px[i] * 255));
                } else {
                    int r = Math.round(px[i] * 255);
                    int g = Math.round(px[plane + i] * 255);
                    int bl = Math.round(px[2 * plane + i] * 255);
                    b.setRGB(x, y, (r << 16) | (g << 8) | bl);
                }
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (OutputStream os = Files.newOutputStream(target); ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(b, null, null), p);
        } finally {
            writer.dispose();
        }
        return Files.size(target);
    }
}
