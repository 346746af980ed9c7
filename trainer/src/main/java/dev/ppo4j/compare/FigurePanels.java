package dev.ppo4j.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * Draws several envs' learning curves as one image, in the layout of the PPO paper's Figure 3:
 * one panel per env, up to {@value #MAX_COLUMNS} side by side (seven envs make 4 &times; 2), and
 * one legend below them all. A variant has the same colour in every panel, its palette colour by
 * its place in the grid, so that the shared legend holds for each.
 */
final class FigurePanels {
    /** Width of one panel in pixels. */
    static final int PANEL_WIDTH = 480;
    /** Height of one panel in pixels. */
    static final int PANEL_HEIGHT = 360;
    /** Panels per row at most: the paper's four. */
    static final int MAX_COLUMNS = 4;
    /** Width given to one legend entry (line sample and variant name). */
    static final int LEGEND_ENTRY_WIDTH = 240;
    /** Height of one row of legend entries. */
    static final int LEGEND_ROW_HEIGHT = 28;
    /** Space above and below the legend's rows. */
    static final int LEGEND_MARGIN = 10;

    private static final int SAMPLE_LENGTH = 36;
    private static final Font PANEL_TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font PANEL_TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);

    /**
     * One env's panel.
     *
     * @param title the panel's title, usually the env id
     * @param bands one band per variant of the grid, in grid order; a variant without a curve on this
     *     env has an empty band, so that every variant keeps its colour
     */
    record Panel(String title, List<CurveBandPlot.Band> bands) {
        /** Copies the bands. */
        Panel {
            bands = List.copyOf(bands);
        }
    }

    private FigurePanels() {}

    /**
     * Renders the panels with a shared legend and replaces {@code png} atomically.
     *
     * @param png the image file to write
     * @param panels the panels, in reading order (left to right, then top to bottom)
     * @param variants the names of the grid's variants, in grid order: the legend lists those with
     *     a curve in any panel
     * @throws IllegalArgumentException if there is no panel
     * @throws ReportWriteException if the file cannot be written
     */
    static void write(Path png, List<Panel> panels, List<String> variants) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("A figure needs at least one panel.");
        }
        List<Integer> legend = legendEntries(panels, variants.size());
        int columns = columns(panels.size());
        int width = columns * PANEL_WIDTH;
        int panelsHeight = rows(panels.size()) * PANEL_HEIGHT;
        BufferedImage image = new BufferedImage(width, panelsHeight + legendHeight(legend.size(), columns), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int p = 0; p < panels.size(); p++) {
                g.drawImage(panelImage(panels.get(p)), (p % columns) * PANEL_WIDTH, (p / columns) * PANEL_HEIGHT, null);
            }
            drawLegend(g, legend, variants, panelsHeight, width);
        } finally {
            g.dispose();
        }
        CurveBandPlot.writeAtomically(png, image);
    }

    /** Panels per row: all of them up to {@value #MAX_COLUMNS}. */
    static int columns(int panels) {
        return Math.min(panels, MAX_COLUMNS);
    }

    /** Rows of panels. */
    static int rows(int panels) {
        return (panels + MAX_COLUMNS - 1) / MAX_COLUMNS;
    }

    /** The legend's height below the panels: rows of entries as wide as the figure, nothing if there is no entry. */
    static int legendHeight(int entries, int columns) {
        if (entries == 0) {
            return 0;
        }
        int perRow = Math.max(1, columns * PANEL_WIDTH / LEGEND_ENTRY_WIDTH);
        return 2 * LEGEND_MARGIN + (entries + perRow - 1) / perRow * LEGEND_ROW_HEIGHT;
    }

    private static BufferedImage panelImage(Panel panel) {
        XYChart chart = CurveBandPlot.chart(PANEL_WIDTH, PANEL_HEIGHT, panel.title(), "episodic return", panel.bands());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleFont(PANEL_TITLE_FONT);
        chart.getStyler().setAxisTitleFont(PANEL_TEXT_FONT);
        chart.getStyler().setAxisTickLabelsFont(PANEL_TEXT_FONT);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The grid indices of the variants with a point in any panel. */
    private static List<Integer> legendEntries(List<Panel> panels, int variants) {
        List<Integer> entries = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            final int index = v;
            if (panels.stream().anyMatch(p -> index < p.bands().size() && CurveBandPlot.hasPoints(p.bands().get(index)))) {
                entries.add(v);
            }
        }
        return entries;
    }

    private static void drawLegend(Graphics2D g, List<Integer> entries, List<String> variants, int top, int width) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(LEGEND_FONT);
        int perRow = Math.max(1, width / LEGEND_ENTRY_WIDTH);
        // Each row centred under the panels, as a figure's legend usually is.
        for (int k = 0; k < entries.size(); k++) {
            int inRow = Math.min(perRow, entries.size() - k / perRow * perRow);
            int x = (width - inRow * LEGEND_ENTRY_WIDTH) / 2 + (k % perRow) * LEGEND_ENTRY_WIDTH + LEGEND_MARGIN;
            int middle = top + LEGEND_MARGIN + (k / perRow) * LEGEND_ROW_HEIGHT + LEGEND_ROW_HEIGHT / 2;
            int variant = entries.get(k);
            g.setColor(CurveBandPlot.colour(variant));
            g.setStroke(new BasicStroke(3.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.drawLine(x, middle, x + SAMPLE_LENGTH, middle);
            g.setColor(Color.BLACK);
            g.drawString(variants.get(variant), x + SAMPLE_LENGTH + 8, middle + g.getFontMetrics().getAscent() / 2 - 2);
        }
    }
}
