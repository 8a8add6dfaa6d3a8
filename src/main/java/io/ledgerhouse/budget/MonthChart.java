package io.ledgerhouse.budget;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A small PNG of a month for e-mails (mail clients run no scripts): cumulative spend per day as bars, the budget as a
 * red line, the month-end projection as a grey bar on the last day with its 80% band. No text is drawn (the numbers
 * are in the e-mail beside it), so no fonts are needed on the server.
 */
final class MonthChart {

    static final int WIDTH = 480;
    static final int HEIGHT = 160;

    private MonthChart() {
    }

    static byte[] png(YearMonth month, Map<LocalDate, BigDecimal> daily, BigDecimal budget, BigDecimal projection,
            BigDecimal lo80, BigDecimal hi80) {
        System.setProperty("java.awt.headless", "true");
        int days = month.lengthOfMonth();
        double[] cumulative = new double[days];
        double running = 0;
        for (int d = 1; d <= days; d++) {
            BigDecimal v = daily.get(month.atDay(d));
            running += v == null ? 0 : v.doubleValue();
            cumulative[d - 1] = running;
        }
        double top = Math.max(budget.doubleValue(), running);
        if (projection != null) {
            top = Math.max(top, (hi80 != null ? hi80 : projection).doubleValue());
        }
        top = top <= 0 ? 1 : top * 1.08;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int pad = 6;
            double slot = (WIDTH - 2.0 * pad) / days;
            g.setColor(new Color(0x3B, 0x6E, 0xA5));
            LocalDate last = daily.keySet().stream().filter(d -> YearMonth.from(d).equals(month))
                    .max(LocalDate::compareTo).orElse(null);
            for (int d = 0; d < days; d++) {
                if (last == null || month.atDay(d + 1).isAfter(last)) {
                    break;
                }
                int h = (int) Math.round(cumulative[d] / top * (HEIGHT - 2 * pad));
                g.fillRect((int) (pad + d * slot + 1), HEIGHT - pad - h, Math.max(1, (int) slot - 2), h);
            }
            if (projection != null) {
                int x = (int) (pad + (days - 1) * slot + 1);
                int w = Math.max(1, (int) slot - 2);
                g.setColor(new Color(0xB0, 0xB0, 0xB0));
                int h = (int) Math.round(projection.doubleValue() / top * (HEIGHT - 2 * pad));
                g.fillRect(x, HEIGHT - pad - h, w, h);
                if (lo80 != null && hi80 != null) {
                    g.setColor(Color.DARK_GRAY);
                    int y1 = HEIGHT - pad - (int) Math.round(hi80.doubleValue() / top * (HEIGHT - 2 * pad));
                    int y2 = HEIGHT - pad - (int) Math.round(lo80.doubleValue() / top * (HEIGHT - 2 * pad));
                    g.drawLine(x + w / 2, y1, x + w / 2, y2);
                    g.drawLine(x, y1, x + w, y1);
                    g.drawLine(x, y2, x + w, y2);
                }
            }
            g.setColor(new Color(0xC6, 0x28, 0x28));
            g.setStroke(new BasicStroke(2f));
            int y = HEIGHT - pad - (int) Math.round(budget.doubleValue() / top * (HEIGHT - 2 * pad));
            g.drawLine(pad, y, WIDTH - pad, y);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
