import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Writes a W x H JPEG of smooth colour bands (for bench/photos_mixed.sh): java -Xmx1g bench/BigJpeg.java OUT W H. */
public class BigJpeg {
    public static void main(String[] a) throws Exception {
        int w = Integer.parseInt(a[1]);
        int h = Integer.parseInt(a[2]);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | ((x + y) & 0xff);
            }
            b.setRGB(0, y, w, 1, row, 0, w);
        }
        ImageIO.write(b, "jpg", new File(a[0]));
    }
}
