package dev.vfiopolicy.report;

import dev.vfiopolicy.model.Outcome;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * One chart per scenario: for every use case and policy, a bar of outcome shares. Drawn by
 * JFreeChart (headless), embedded as a PNG data URI so the HTML file fetches nothing.
 */
public final class Charts {
  static final List<Outcome> SERIES =
      List.of(Outcome.WORKS, Outcome.FALLBACK, Outcome.UNSAFE, Outcome.NO_REMEDY,
          Outcome.BROKEN, Outcome.UNSUPPORTED);

  static final Map<Outcome, Color> COLOURS =
      Map.of(
          Outcome.WORKS, new Color(0x4c, 0xa1, 0x5a),
          Outcome.FALLBACK, new Color(0xe8, 0xb3, 0x3b),
          Outcome.BROKEN, new Color(0xc8, 0x3b, 0x3b),
          Outcome.UNSAFE, new Color(0x7b, 0x3f, 0xa0),
          Outcome.NO_REMEDY, new Color(0xb0, 0x8f, 0xc7),
          Outcome.UNSUPPORTED, new Color(0x9a, 0x9a, 0x9a));

  private Charts() {}

  /** The chart's data: percentages of assignable devices, row key outcome, column key bar. */
  public static DefaultCategoryDataset dataset(ReportData d, int scenario) {
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    for (int u = 0; u < d.useCases().size(); u++) {
      for (int p = 0; p < d.policies().size(); p++) {
        int cell = d.cell(scenario, p, u);
        long base = d.tally().devices(cell) - d.count(cell, Outcome.NOT_APPLICABLE);
        String bar = d.useCases().get(u).id() + " · " + d.policies().get(p).id();
        for (Outcome o : SERIES) {
          ds.addValue(base == 0 ? 0.0 : 100.0 * d.count(cell, o) / base, o.id(), bar);
        }
      }
    }
    return ds;
  }

  static {
    // Charts are PNGs made in memory; ImageIO's default disk cache in java.io.tmpdir only made
    // the HTML report fail (exit 1) when /tmp was full. Set here, where images are made, so that
    // other commands do not pay for loading ImageIO and AWT.
    javax.imageio.ImageIO.setUseCache(false);
  }

  /** The PNG for one scenario, base64-encoded. */
  public static String png(ReportData d, int scenario) {
    DefaultCategoryDataset ds = dataset(d, scenario);
    CategoryAxis bars = new CategoryAxis();
    bars.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    NumberAxis share = new NumberAxis("% of assignable devices");
    share.setRange(0, 100);
    StackedBarRenderer r = new StackedBarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    for (int i = 0; i < SERIES.size(); i++) {
      r.setSeriesPaint(i, COLOURS.get(SERIES.get(i)));
    }
    CategoryPlot plot = new CategoryPlot(ds, bars, share, r);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlineStroke(new BasicStroke(0.5f));
    JFreeChart chart = new JFreeChart(d.scenarios().get(scenario).id(),
        new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.TOP);
    int height = 90 + 16 * ds.getColumnCount();
    try (ByteArrayOutputStream png = new ByteArrayOutputStream()) {
      ChartUtils.writeChartAsPNG(png, chart, 900, height);
      return Base64.getEncoder().encodeToString(png.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
