package dev.ppo4j.compare;

import dev.ppo4j.metrics.ChartFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws one environment's learning curves for a comparison: per variant, the mean return over
 * seeds as a line and its confidence band as a translucent area, all on one chart.
 */
final class CurveBandPlot {
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    /** Alpha of a band's fill: low enough that overlapping bands of several variants stay readable. */
    static final int BAND_ALPHA = 50;

    /**
     * Line colours in the order variants are given, so the same variant list always gets the same
     * colours. Tableau's ten categorical colours, then black and indigo, cover the up to eleven
     * variants of a comparison grid; more than that repeat from the start.
     */
    static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf), new Color(0x000000), new Color(0x393b79));

    /**
     * One variant's curve: mean over seeds and its confidence band, on a common step grid. A NaN
     * in {@code mean}, {@code low} or {@code high} marks a step with no finished episode yet; such
     * points are left out of the drawing.
     *
     * @param label the variant's name, shown in the legend
     * @param steps environment steps, strictly increasing
     * @param mean mean return over seeds at each step
     * @param low lower edge of the confidence band at each step
     * @param high upper edge of the confidence band at each step
     */
    record Band(String label, double[] steps, double[] mean, double[] low, double[] high) {
        /** Checks the arrays line up, and copies them so that a caller's later edits cannot change the band. */
        Band {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(steps, "steps");
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
            if (mean.length != steps.length || low.length != steps.length || high.length != steps.length) {
                throw new IllegalArgumentException("The curve of " + label + " has " + steps.length
                        + " steps but " + mean.length + " means, " + low.length + " lower and "
                        + high.length + " upper band values; all four must have the same length.");
            }
            for (int i = 0; i < steps.length; i++) {
                // The negated comparison also rejects NaN steps.
                if (!Double.isFinite(steps[i]) || (i > 0 && !(steps[i] > steps[i - 1]))) {
                    throw new IllegalArgumentException("The steps of the curve of " + label
                            + " must be finite and strictly increasing, but step " + i + " is " + steps[i]
                            + (i > 0 ? " after " + steps[i - 1] : "") + ".");
                }
            }
            steps = steps.clone();
            mean = mean.clone();
            low = low.clone();
            high = high.clone();
        }

        @Override
        public double[] steps() {
            return steps.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] low() {
            return low.clone();
        }

        @Override
        public double[] high() {
            return high.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Band b && label.equals(b.label) && Arrays.equals(steps, b.steps)
                    && Arrays.equals(mean, b.mean) && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
        }

        @Override
        public int hashCode() {
            return Objects.hash(label, Arrays.hashCode(steps), Arrays.hashCode(mean), Arrays.hashCode(low),
                    Arrays.hashCode(high));
        }

        @Override
        public String toString() {
            return "Band[" + label + ", " + steps.length + " steps]";
        }
    }

    private CurveBandPlot() {}

    /**
     * Renders the curves and replaces {@code png} atomically, so a reader never sees half an image.
     * Missing parent directories are created.
     *
     * @param png the image file to write
     * @param title the chart's title, usually the environment's id
     * @param yAxisTitle the y axis's title, such as {@code "episodic return"}
     * @param bands the variants' curves; the i-th gets the i-th palette colour (an empty band keeps
     *     a variant's colour for the ones after it)
     * @throws ReportWriteException if the file cannot be written
     */
    static void write(Path png, String title, String yAxisTitle, List<Band> bands) {
        XYChart chart = chart(WIDTH, HEIGHT, title, yAxisTitle, bands);
        // Inside the plot, eleven legend entries would cover the early part of the curves, where
        // the variants differ most; to the right they only narrow the plot.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        writeAtomically(png, BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * The chart of some curves, with its legend styled but placed by the caller.
     *
     * @param width the chart's width in pixels
     * @param height the chart's height in pixels
     * @param title the chart's title; "(no finished episode yet)" is added when no band has a point
     * @param yAxisTitle the y axis's title
     * @param bands the variants' curves; the i-th gets the i-th palette colour
     */
    static XYChart chart(int width, int height, String title, String yAxisTitle, List<Band> bands) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("environment steps").yAxisTitle(yAxisTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setXAxisDecimalPattern("#,###");
        double lastStep = 0;
        boolean anyPoint = false;
        for (int i = 0; i < bands.size(); i++) {
            Band band = bands.get(i);
            Color color = colour(i);
            double[] steps = band.steps;
            if (steps.length > 0) {
                lastStep = Math.max(lastStep, steps[steps.length - 1]);
            }
            anyPoint |= addBand(chart, i, band, color);
            anyPoint |= addMean(chart, band, color);
        }
        if (anyPoint) {
            // A step axis from 0 to a round number puts the ticks on round step counts.
            styler.setXAxisMin(0.0);
            styler.setXAxisMax(ChartFiles.roundUp(lastStep));
        } else {
            chart.setTitle(title + " (no finished episode yet)");
        }
        return chart;
    }

    /** The line colour of the i-th variant. */
    static Color colour(int index) {
        return PALETTE.get(index % PALETTE.size());
    }

    /** Whether a band has any point to draw. */
    static boolean hasPoints(Band band) {
        return finiteIndices(band.mean, band.mean).length > 0;
    }

    /** Adds the band's polygon: along {@code high} forward, back along {@code low}. Returns whether it had points. */
    private static boolean addBand(XYChart chart, int index, Band band, Color color) {
        int[] kept = finiteIndices(band.low, band.high);
        if (kept.length == 0) {
            return false;
        }
        // XChart puts the x ticks on the data's own x values when these are equally spaced, as a
        // common step grid is, which gives ticks at steps like 90,000. One extra vertex a third of
        // the way along the polygon's first edge lies on that edge, so the drawing is unchanged,
        // but it breaks the even spacing and the ticks fall on round step counts again.
        boolean extra = kept.length >= 2;
        int n = kept.length + (extra ? 1 : 0);
        double[] x = new double[n + kept.length];
        double[] y = new double[n + kept.length];
        int j = 0;
        for (int k = 0; k < kept.length; k++) {
            x[j] = band.steps[kept[k]];
            y[j++] = band.high[kept[k]];
            if (k == 0 && extra) {
                x[j] = x[0] + (band.steps[kept[1]] - x[0]) / 3;
                y[j++] = y[0] + (band.high[kept[1]] - y[0]) / 3;
            }
        }
        for (int k = kept.length - 1; k >= 0; k--) {
            x[j] = band.steps[kept[k]];
            y[j++] = band.low[kept[k]];
        }
        // Series names must be unique, and labels come from user files, so the index disambiguates.
        XYSeries area = chart.addSeries(uniqueName(chart, "band " + index + " of " + band.label), x, y);
        area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        area.setMarker(SeriesMarkers.NONE);
        Color fill = new Color(color.getRed(), color.getGreen(), color.getBlue(), BAND_ALPHA);
        area.setFillColor(fill);
        area.setLineColor(fill);
        area.setLineStyle(new BasicStroke(0.5f));
        area.setShowInLegend(false);
        return true;
    }

    /** Adds the mean line under the variant's label. Returns whether it had points. */
    private static boolean addMean(XYChart chart, Band band, Color color) {
        int[] kept = finiteIndices(band.mean, band.mean);
        if (kept.length == 0) {
            return false;
        }
        double[] x = new double[kept.length];
        double[] y = new double[kept.length];
        for (int k = 0; k < kept.length; k++) {
            x[k] = band.steps[kept[k]];
            y[k] = band.mean[kept[k]];
        }
        XYSeries line = chart.addSeries(uniqueName(chart, band.label), x, y);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(color);
        // An explicit solid stroke: the default theme dashes every later series, and the band series
        // count towards that, so the seventh variant on would be dotted.
        line.setLineStyle(new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return true;
    }

    /** XChart rejects a second series of the same name, and labels come from user files. */
    private static String uniqueName(XYChart chart, String label) {
        String name = label;
        for (int n = 2; chart.getSeriesMap().containsKey(name); n++) {
            name = label + " (" + n + ")";
        }
        return name;
    }

    private static int[] finiteIndices(double[] a, double[] b) {
        int[] kept = new int[a.length];
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
                kept[count++] = i;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** Writes a PNG atomically; a failure names the file. */
    static void writeAtomically(Path file, BufferedImage image) {
        try {
            ChartFiles.writePng(file, image);
        } catch (IOException e) {
            throw new ReportWriteException(file, e);
        }
    }
}
