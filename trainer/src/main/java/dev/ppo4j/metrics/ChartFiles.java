package dev.ppo4j.metrics;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** What the project's plots share: round axis ends and atomic PNG files. */
public final class ChartFiles {
    private ChartFiles() {}

    /** The smallest multiple of half a power of ten that is at least {@code value} (1 for values below 1). */
    public static double roundUp(double value) {
        if (value <= 1) {
            return 1;
        }
        double half = Math.pow(10, Math.floor(Math.log10(value))) / 2;
        return Math.ceil(value / half) * half;
    }

    /**
     * Writes a PNG via a temp file and an atomic rename, so a reader never sees half an image;
     * creates missing parent directories and leaves no temp file behind on failure.
     */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new IOException("no PNG encoder is available in this Java runtime");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
