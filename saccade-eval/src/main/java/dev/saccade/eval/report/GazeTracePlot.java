package dev.saccade.eval.report;

import dev.saccade.eval.play.Film;
import dev.saccade.gym.demo.Direction;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The gaze over one episode (XChart): the eye's yaw and pitch against the directions of the object,
 * the place target and the gripper, in degrees over seconds, with the search phase (video paused)
 * shaded grey and the steps with the gripper closed shaded orange. Two charts, yaw above pitch.
 */
public final class GazeTracePlot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 300;
    private static final Color EYE = new Color(0x111111);
    private static final Color OBJECT = new Color(0x1F77B4);
    private static final Color TARGET = new Color(0xD62728);
    private static final Color GRIPPER = new Color(0x7F7F7F);
    private static final Color SEARCH_SHADE = new Color(160, 160, 160, 70);
    private static final Color CLOSED_SHADE = new Color(255, 160, 40, 70);

    private GazeTracePlot() {}

    /** The two charts for {@code film}, stacked. */
    public static BufferedImage render(Film film) {
        BufferedImage yaw = chart(film, "yaw", Film.Frame::yaw, Direction::yaw);
        BufferedImage pitch = chart(film, "pitch", Film.Frame::pitch, Direction::pitch);
        BufferedImage out = new BufferedImage(WIDTH, 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(yaw, 0, 0, null);
        g.drawImage(pitch, 0, HEIGHT, null);
        g.dispose();
        return out;
    }

    private static BufferedImage chart(Film film, String axis, ToDoubleFunction<Film.Frame> eye, ToDoubleFunction<Direction> of) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("gaze " + axis + " — " + film.gaze() + ", sample episode").xAxisTitle("time (s)").yAxisTitle(axis + " (deg)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<Film.Frame> steps = film.steps();
        double[] t = new double[steps.size()];
        double[] e = new double[steps.size()];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            t[i] = steps.get(i).step() * film.stepSeconds();
            e[i] = Math.toDegrees(eye.applyAsDouble(steps.get(i)));
            lo = Math.min(lo, e[i]);
            hi = Math.max(hi, e[i]);
        }
        double[][] thing = new double[3][t.length];
        boolean annotated = steps.stream().allMatch(s -> s.object() != null);
        for (int i = 0; i < t.length && annotated; i++) {
            Film.Frame s = steps.get(i);
            thing[0][i] = Math.toDegrees(of.applyAsDouble(s.object()));
            thing[1][i] = Math.toDegrees(of.applyAsDouble(s.target()));
            thing[2][i] = Math.toDegrees(of.applyAsDouble(s.gripper()));
            for (double[] th : thing) {
                lo = Math.min(lo, th[i]);
                hi = Math.max(hi, th[i]);
            }
        }
        lo -= 5;
        hi += 5;
        chart.getStyler().setYAxisMin(lo);
        chart.getStyler().setYAxisMax(hi);
        shade(chart, t, steps, Film.Frame::searching, lo, hi, "search (paused)", SEARCH_SHADE, film.stepSeconds());
        shade(chart, t, steps, s -> !s.searching() && s.gripperClosed(), lo, hi, "gripper closed", CLOSED_SHADE, film.stepSeconds());
        line(chart, "eye", t, e, EYE, 2.2f);
        if (annotated) {
            line(chart, "object", t, thing[0], OBJECT, 1.5f);
            line(chart, "place target", t, thing[1], TARGET, 1.5f);
            line(chart, "gripper", t, thing[2], GRIPPER, 1.0f);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
    }

    /** Translucent rectangles over the runs of steps that pass {@code in}; one legend entry. */
    private static void shade(XYChart chart, double[] t, List<Film.Frame> steps, java.util.function.Predicate<Film.Frame> in,
                              double lo, double hi, String name, Color color, double dt) {
        List<double[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= steps.size(); i++) {
            boolean inside = i < steps.size() && in.test(steps.get(i));
            if (inside && start < 0) {
                start = i;
            } else if (!inside && start >= 0) {
                runs.add(new double[] {t[start] - dt / 2, t[i - 1] + dt / 2});
                start = -1;
            }
        }
        for (int k = 0; k < runs.size(); k++) {
            double a = runs.get(k)[0];
            double b = runs.get(k)[1];
            XYSeries s = chart.addSeries(k == 0 ? name : name + " " + k, new double[] {a, a, b, b}, new double[] {lo, hi, hi, lo});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            s.setMarker(SeriesMarkers.NONE);
            s.setFillColor(color);
            s.setLineColor(new Color(0, 0, 0, 0));
            s.setShowInLegend(k == 0);
        }
    }
}
