package dev.ppo4j.metrics;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@code learning_curve.png}: the return of every finished episode against the environment
 * step it ended at, as faint points, with the trailing mean over the last
 * {@value #MEAN_WINDOW} episodes as a line.
 */
final class LearningCurvePlot {
    /** Episodes averaged by the mean line, as in Stable-Baselines3's {@code rollout/ep_rew_mean}. */
    static final int MEAN_WINDOW = 100;
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    private static final Color EPISODE_COLOR = new Color(31, 119, 180, 70);
    private static final Color MEAN_COLOR = new Color(214, 39, 40);

    private LearningCurvePlot() {}

    /** Renders the curve and replaces {@code file} atomically, so a reader never sees half an image. */
    static void write(Path file, String title, EpisodeHistory episodes) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("environment steps").yAxisTitle("episodic return").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setMarkerSize(4);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setXAxisDecimalPattern("#,###");
        if (episodes.size() == 0) {
            chart.setTitle(title + " (no finished episode yet)");
        } else {
            double[] steps = episodes.stepsAsDoubles();
            // A step axis from 0 to a round number puts the ticks on round step counts.
            styler.setXAxisMin(0.0);
            styler.setXAxisMax(ChartFiles.roundUp(steps[steps.length - 1]));
            XYSeries raw = chart.addSeries("episode", steps, episodes.returnsCopy());
            raw.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            raw.setMarker(SeriesMarkers.CIRCLE);
            raw.setMarkerColor(EPISODE_COLOR);
            XYSeries mean = chart.addSeries("mean of last " + MEAN_WINDOW + " episodes", steps,
                    episodes.trailingMeanReturns(MEAN_WINDOW));
            mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineColor(MEAN_COLOR);
            mean.setLineWidth(2.0f);
        }
        writeAtomically(file, BitmapEncoder.getBufferedImage(chart));
    }

    private static void writeAtomically(Path file, BufferedImage image) {
        try {
            ChartFiles.writePng(file, image);
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
    }
}
