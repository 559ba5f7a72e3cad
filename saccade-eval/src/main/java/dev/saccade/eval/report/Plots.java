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
        if (bars.size() > 5) {
            chart.getStyler().setXAxisLabelRotation(30); // regime names are long; keep them readable
        }
        if (bars.isEmpty()) { // nothing defined (e.g. tracking error when the arm never moved): an empty, titled chart
            bars = List.of(new Bar("no data", new Estimate(0, Double.NaN, Double.NaN, 0)));
        }
        List<String> labels = bars.stream().map(Bar::label).toList();
        List<Double> means = bars.stream().map(b -> finiteOrZero(b.estimate().mean())).toList();
        List<Double> halfWidths = bars.stream()
                .map(b -> finiteOrZero((b.estimate().high() - b.estimate().low()) / 2)).toList();
        chart.addSeries(title, labels, means, halfWidths);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Lines of y against x, one per named series in the map's order (learning curves). */
    public static BufferedImage lines(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        boolean any = false;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = finite(e.getValue()[0], e.getValue()[1]);
            double[] x = xy[0];
            double[] y = xy[1];
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

    /** The points where both x and y are finite (XChart cannot draw NaN). */
    private static double[][] finite(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        double[] ox = new double[n];
        double[] oy = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                ox[k] = x[i];
                oy[k++] = y[i];
            }
        }
        return new double[][] {java.util.Arrays.copyOf(ox, k), java.util.Arrays.copyOf(oy, k)};
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
