package io.github.seer4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes one image file near the size its use needs: ImageIO's source subsampling by the largest whole factor that
 * keeps the short side at or above the requested size, so a 4000x3000 JPEG read for a 430 px short side arrives as
 * 667x500 and a 12000x9000 one never exists at full size in memory (the decoder reads it row by row). Every way a file
 * can be unusable ends in {@link UnusableImageException} with a one-line reason.
 *
 * <p>What trains: JPEG (gray or RGB), PNG (8/16 bit, gray, palette, alpha: the alpha channel is dropped, the colour
 * under it kept), CMYK/YCCK JPEGs (JDK 17 converts them to RGB through its CMYK profile), BMP, TIFF, GIF (an
 * animated GIF trains on its first frame). What is skipped: files no decoder recognises, JPEGs that end early (ImageIO
 * would fill the missing part with gray), colour spaces the decoder rejects, and images under {@link #MIN_SIDE} pixels on a side (a 1x1 image is
 * skipped, not upscaled: it holds no view worth learning from).
 */
public final class ImageDecoder {

    /** Images with a side shorter than this are skipped. */
    public static final int MIN_SIDE = 8;
    /** Decoded images larger than this (after subsampling) are skipped rather than risk the heap. */
    public static final long MAX_DECODED_PIXELS = 50_000_000L;

    static {
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /** Why a file does not train. */
    public static final class UnusableImageException extends Exception {
        public UnusableImageException(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Decodes {@code file} subsampled so that its short side stays at least {@code shortSide} pixels (0 = full
     * size): gray colour models give 1 channel, everything else 3.
     */
    public static Image decode(Path file, int shortSide) throws UnusableImageException {
        try (ChannelImageInputStream in = new ChannelImageInputStream(Files.newByteChannel(file,
                StandardOpenOption.READ))) {
            if (in.length() == 0) {
                throw new UnusableImageException("empty file (0 bytes)");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnusableImageException("not an image: no decoder recognises the content (JPEG, PNG, GIF, "
                        + "BMP, TIFF are read)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (Math.min(w, h) < MIN_SIDE) {
                    throw new UnusableImageException(String.format(Locale.ROOT, "too small: %dx%d pixels, images need"
                            + " at least %d on a side", w, h, MIN_SIDE));
                }
                int factor = shortSide <= 0 ? 1 : Math.max(1, Math.min(w, h) / shortSide);
                long pixels = (long) ((w + factor - 1) / factor) * ((h + factor - 1) / factor);
                if (pixels > MAX_DECODED_PIXELS) {
                    throw new UnusableImageException(String.format(Locale.ROOT, "too large: %dx%d pixels would decode"
                            + " to %d pixels (limit %d)", w, h, pixels, MAX_DECODED_PIXELS));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(factor, factor, 0, 0);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                    @Override
                    public void warningOccurred(ImageReader source, String warning) {
                        warnings.add(warning);
                    }
                });
                BufferedImage b = reader.read(0, param);
                for (String warning : warnings) {
                    if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                        throw new UnusableImageException("truncated: the decoder reports '" + warning
                                + "' (the rest of the image would be filled with gray)");
                    }
                }
                return toImage(b);
            } finally {
                reader.dispose();
            }
        } catch (UnusableImageException e) {
            throw e;
        } catch (IIOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Unsupported Image Type")) {
                throw new UnusableImageException("unsupported colour space: " + oneLine(m) + "; convert it to RGB");
            }
            throw new UnusableImageException("corrupt image: " + oneLine(m));
        } catch (IOException e) {
            throw new UnusableImageException("cannot read: " + e.getClass().getSimpleName() + " "
                    + oneLine(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            throw new UnusableImageException("corrupt image: the decoder failed with " + e.getClass().getSimpleName()
                    + " " + oneLine(String.valueOf(e.getMessage())));
        } catch (OutOfMemoryError e) {
            throw new UnusableImageException("too large to decode in this heap: " + oneLine(e.getMessage()));
        }
    }

    static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** Converts a decoded image: gray colour models give 1 channel, everything else 3 (alpha dropped). */
    static Image toImage(BufferedImage b) {
        int h = b.getHeight();
        int w = b.getWidth();
        boolean gray = b.getColorModel().getColorSpace().getNumComponents() == 1;
        int plane = h * w;
        float[] px = new float[(gray ? 1 : 3) * plane];
        if (gray && !(b.getColorModel() instanceof java.awt.image.IndexColorModel)) {
            // the stored gray levels as they are (getRGB would convert linear gray to sRGB); 8 or 16 bit
            java.awt.image.Raster r = b.getRaster();
            float max = (1 << r.getSampleModel().getSampleSize(0)) - 1;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = row[x] / max;
                }
            }
            return new Image(1, h, w, px);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            b.getRGB(0, y, w, 1, row, 0, w);
            int base = y * w;
            for (int x = 0; x < w; x++) {
                int v = row[x];
                int i = base + x;
                if (gray) {
                    px[i] = (v & 0xff) / 255f;
                } else {
                    px[i] = ((v >>> 16) & 0xff) / 255f;
                    px[plane + i] = ((v >>> 8) & 0xff) / 255f;
                    px[2 * plane + i] = (v & 0xff) / 255f;
                }
            }
        }
        return new Image(gray ? 1 : 3, h, w, px);
    }
}
