package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveBandPlotTest {
    private static final int POINTS = 21;
    private static final double LAST_STEP = 100_000;

    @TempDir
    Path dir;

    /** A rising curve with a band of half-width {@code spread}; the first {@code missing} points have no data yet. */
    private static CurveBandPlot.Band band(String label, double offset, double spread, int missing) {
        double[] steps = new double[POINTS];
        double[] mean = new double[POINTS];
        double[] low = new double[POINTS];
        double[] high = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            steps[i] = LAST_STEP * i / (POINTS - 1);
            boolean none = i < missing;
            mean[i] = none ? Double.NaN : offset + 10.0 * i;
            low[i] = none ? Double.NaN : mean[i] - spread;
            high[i] = none ? Double.NaN : mean[i] + spread;
        }
        return new CurveBandPlot.Band(label, steps, mean, low, high);
    }

    @Test
    void writesAPngWithTheBandShadedBetweenLowAndHigh() throws IOException {
        Path png = dir.resolve("curves").resolve("Hopper-v5.png");
        List<CurveBandPlot.Band> bands = List.of(
                band("baseline", 0, 40, 2),
                band("no-clip", 300, 10, 0),
                band("lr 1e-3", -300, 10, 5));

        CurveBandPlot.write(png, "Hopper-v5", "episodic return", bands);

        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable PNG");
        assertEquals(CurveBandPlot.WIDTH, image.getWidth());
        assertEquals(CurveBandPlot.HEIGHT, image.getHeight());
        assertTrue(countBandPixels(image, CurveBandPlot.PALETTE.get(0)) > 0,
                "no pixel with the first variant's band colour was found");
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList(), "only the PNG should be left, no temporary file");
        }
    }

    /**
     * Counts, in the middle third of the image's width, pixels that are the palette colour blended
     * at the band's alpha over white, within a tolerance for anti-aliasing and overlapping lines.
     * Finding the pixel geometrically would depend on XChart's layout; the colour is what matters.
     */
    private static int countBandPixels(BufferedImage image, Color color) {
        double a = CurveBandPlot.BAND_ALPHA / 255.0;
        int r = (int) Math.round(255 * (1 - a) + color.getRed() * a);
        int g = (int) Math.round(255 * (1 - a) + color.getGreen() * a);
        int b = (int) Math.round(255 * (1 - a) + color.getBlue() * a);
        int count = 0;
        for (int x = image.getWidth() / 3; x < 2 * image.getWidth() / 3; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - r) <= 6 && Math.abs(c.getGreen() - g) <= 6
                        && Math.abs(c.getBlue() - b) <= 6) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void aWideBandIsShadedNearTheMeanLine() throws IOException {
        Path png = dir.resolve("one.png");
        // One band filling most of the plot's height, so the image's vertical middle at its
        // horizontal middle lies inside it whatever the exact margins.
        double[] steps = {0, 50_000, 100_000};
        double[] mean = {0, 0, 0};
        double[] low = {-100, -100, -100};
        double[] high = {100, 100, 100};
        CurveBandPlot.write(png, "wide", "episodic return",
                List.of(new CurveBandPlot.Band("only", steps, mean, low, high)));

        BufferedImage image = ImageIO.read(png.toFile());
        int x = image.getWidth() / 2 - 60;
        int nonWhite = 0;
        for (int y = image.getHeight() / 2 - 80; y < image.getHeight() / 2 - 20; y++) {
            if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                nonWhite++;
            }
        }
        assertTrue(nonWhite > 30, "the band above the mean line should be shaded, found " + nonWhite
                + " non-white pixels of 60");
    }

    @Test
    void elevenBandsGetDistinctColoursAndNoBandsGiveAnEmptyChart() throws IOException {
        List<CurveBandPlot.Band> bands = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            bands.add(band("variant " + i, 100.0 * i, 30, i));
        }
        Path png = dir.resolve("eleven.png");
        CurveBandPlot.write(png, "eleven", "episodic return", bands);
        assertNotNull(ImageIO.read(png.toFile()));
        assertEquals(11, CurveBandPlot.PALETTE.subList(0, 11).stream().distinct().count());

        Path empty = dir.resolve("empty.png");
        CurveBandPlot.write(empty, "empty", "episodic return", List.of(band("not yet", 0, 1, POINTS)));
        assertNotNull(ImageIO.read(empty.toFile()));
    }

    @Test
    void rejectsMismatchedLengthsAndUnorderedSteps() {
        double[] three = {1, 2, 3};
        double[] two = {1, 2};
        assertThrows(IllegalArgumentException.class, () -> new CurveBandPlot.Band("x", three, two, three, three));
        assertThrows(IllegalArgumentException.class, () -> new CurveBandPlot.Band("x", three, three, three, two));
        double[] unordered = {1, 3, 2};
        assertThrows(IllegalArgumentException.class,
                () -> new CurveBandPlot.Band("x", unordered, three, three, three));
        double[] nanStep = {1, Double.NaN, 3};
        assertThrows(IllegalArgumentException.class,
                () -> new CurveBandPlot.Band("x", nanStep, three, three, three));
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path blocker = dir.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        Path png = blocker.resolve("curve.png");
        ReportWriteException e = assertThrows(ReportWriteException.class,
                () -> CurveBandPlot.write(png, "t", "y", List.of(band("a", 0, 1, 0))));
        assertTrue(e.getMessage().contains(png.toString()), e.getMessage());
        assertEquals(png, e.file());
        assertFalse(Files.exists(blocker.resolveSibling("curve.png.tmp")));
    }
}
