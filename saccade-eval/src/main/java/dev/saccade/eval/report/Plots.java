package dev.saccade.eval.report;

import dev.saccade.eval.stats.Estimate;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart into images (headless). */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;

    private Plots() {}

    /** A named value with its interval, for bar charts. */
    public record Bar(String label, Estimate estimate) {}

    /** Bars of one metric across gaze regimes, with 95 % interval whiskers. */
    public static BufferedImage metricBars(String title, String unit, List<Bar> bars) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).yAxisTitle(unit).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setLabelsVisible(false);
        List<String> labels = bars.stream().map(Bar::label).toList();
        List<Double> means = bars.stream().map(b -> finiteOrZero(b.estimate().mean())).toList();
        List<Double> halfWidths = bars.stream()
                .map(b -> finiteOrZero((b.estimate().high() - b.estimate().low()) / 2)).toList();
        chart.addSeries(title, labels, means, halfWidths);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Lines of y against x, one per named series (learning curves). */
    public static BufferedImage lines(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        boolean any = false;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[] x = e.getValue()[0];
            double[] y = e.getValue()[1];
            if (x.length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            chart.addSeries("no data", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
