package io.ledgerhouse.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECharts options built on the server (the page ships figures already aggregated; the browser only draws). Each
 * method returns the option as JSON, for a {@code data-chart} attribute that {@code ui-assets/dashboard.js} draws.
 */
final class Charts {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String BLUE = "#2f6fde";
    static final String GREY = "#9aa5b1";
    static final String ORANGE = "#e8833a";
    static final String RED = "#d64545";
    static final String GREEN = "#3f9c5a";

    private Charts() {
    }

    /** A named series of values, drawn as bars or a line. */
    record Series(String name, String type, List<? extends Number> values, String color, String stack) {
    }

    /** Bars or lines over categories (days, names), with the unit on the value axis. */
    static String categories(List<String> x, List<Series> series, String unit, boolean horizontal) {
        List<Object> s = new ArrayList<>();
        for (Series one : series) {
            Map<String, Object> m = o("name", one.name(), "type", one.type(), "data", one.values(),
                    "itemStyle", o("color", one.color()), "lineStyle", o("color", one.color()));
            if (one.stack() != null) {
                m.put("stack", one.stack());
            }
            if (one.type().equals("line")) {
                m.put("showSymbol", false);
            }
            s.add(m);
        }
        Map<String, Object> category = o("type", "category", "data", x);
        Map<String, Object> value = o("type", "value", "name", unit, "nameTextStyle", o("align", "left"));
        Map<String, Object> option = base(series.size() > 1);
        option.put(horizontal ? "yAxis" : "xAxis", horizontal ? withInverse(category) : category);
        option.put(horizontal ? "xAxis" : "yAxis", value);
        if (horizontal) {
            option.put("grid", o("left", 8, "right", 40, "top", series.size() > 1 ? 40 : 24, "bottom", 8,
                    "containLabel", true));
        }
        option.put("series", s);
        return json(option);
    }

    /**
     * Daily actuals as bars, then the forecast's point as a line with its 80% and 95% bands (drawn as stacked areas
     * from the lower bound), in {@code currency}.
     */
    static String forecast(List<String> days, List<BigDecimal> actual, List<BigDecimal> point, List<BigDecimal> lo80,
            List<BigDecimal> hi80, List<BigDecimal> lo95, List<BigDecimal> hi95, String currency) {
        List<Object> s = new ArrayList<>();
        s.add(o("name", "Actual", "type", "bar", "data", actual, "itemStyle", o("color", BLUE)));
        s.add(band("95% low", lo95, null, "b95"));
        s.add(band("95% interval", diff(hi95, lo95), "rgba(232,131,58,0.12)", "b95"));
        s.add(band("80% low", lo80, null, "b80"));
        s.add(band("80% interval", diff(hi80, lo80), "rgba(232,131,58,0.25)", "b80"));
        s.add(o("name", "Forecast", "type", "line", "data", point, "showSymbol", false,
                "lineStyle", o("color", ORANGE, "type", "dashed"), "itemStyle", o("color", ORANGE)));
        Map<String, Object> option = base(true);
        option.put("legend", o("data", List.of("Actual", "Forecast", "80% interval", "95% interval"), "top", 0));
        option.put("xAxis", o("type", "category", "data", days));
        option.put("yAxis", o("type", "value", "name", currency + " per day", "nameTextStyle", o("align", "left")));
        option.put("series", s);
        return json(option);
    }

    /**
     * A month's cumulative spend against a budget line, and the projection to month end with its 80% interval, in
     * {@code currency}.
     */
    static String burnDown(List<String> days, List<BigDecimal> cumulative, BigDecimal budget,
            List<BigDecimal> projected, List<BigDecimal> lo80, List<BigDecimal> hi80, String currency) {
        List<Object> s = new ArrayList<>();
        s.add(o("name", "Spent (cumulative)", "type", "line", "data", cumulative, "showSymbol", false,
                "areaStyle", o("color", "rgba(47,111,222,0.15)"), "lineStyle", o("color", BLUE),
                "itemStyle", o("color", BLUE),
                "markLine", o("symbol", "none", "data", List.of(o("yAxis", budget, "name", "Budget")),
                        "lineStyle", o("color", RED, "type", "solid"), "label", o("formatter", "Budget {c}", "position", "insideEndTop"))));
        s.add(band("80% low", lo80, null, "p80"));
        s.add(band("Projection 80% interval", diff(hi80, lo80), "rgba(232,131,58,0.25)", "p80"));
        s.add(o("name", "Projection", "type", "line", "data", projected, "showSymbol", false,
                "lineStyle", o("color", ORANGE, "type", "dashed"), "itemStyle", o("color", ORANGE)));
        Map<String, Object> option = base(true);
        option.put("legend", o("data", List.of("Spent (cumulative)", "Projection", "Projection 80% interval"),
                "top", 0));
        option.put("xAxis", o("type", "category", "data", days));
        option.put("yAxis", o("type", "value", "name", currency, "nameTextStyle", o("align", "left")));
        option.put("series", s);
        return json(option);
    }

    /**
     * The auto-suspend curve: monthly cost per setting (line, left axis, {@code currency}) and the share of queries
     * that start cold (bars, right axis, %), with the current and recommended settings marked.
     */
    static String autoSuspend(List<String> settings, List<BigDecimal> monthlyMoney, List<Double> coldPercent,
            int current, Integer recommended, String currency) {
        List<Object> marks = new ArrayList<>();
        marks.add(o("name", "current", "coord", List.of(settings.get(current), monthlyMoney.get(current)),
                "value", "current", "itemStyle", o("color", GREY)));
        if (recommended != null) {
            marks.add(o("name", "recommended", "coord", List.of(settings.get(recommended),
                    monthlyMoney.get(recommended)), "value", "recommended", "itemStyle", o("color", GREEN)));
        }
        List<Object> s = new ArrayList<>();
        s.add(o("name", "Cost per month", "type", "line", "data", monthlyMoney, "yAxisIndex", 0,
                "lineStyle", o("color", BLUE), "itemStyle", o("color", BLUE),
                "markPoint", o("symbolSize", 60, "label", o("fontSize", 10), "data", marks)));
        s.add(o("name", "Queries starting cold", "type", "bar", "data", coldPercent, "yAxisIndex", 1,
                "itemStyle", o("color", "rgba(232,131,58,0.6)")));
        Map<String, Object> option = base(true);
        option.put("xAxis", o("type", "category", "data", settings, "name", "auto-suspend setting",
                "nameLocation", "middle", "nameGap", 28));
        option.put("grid", o("left", 8, "right", 16, "top", 48, "bottom", 28, "containLabel", true));
        option.put("yAxis", List.of(o("type", "value", "name", currency + " per month", "nameTextStyle",
                o("align", "left")), o("type", "value", "name", "% cold", "splitLine", o("show", false))));
        option.put("series", s);
        return json(option);
    }

    private static Map<String, Object> band(String name, List<BigDecimal> values, String color, String stack) {
        Map<String, Object> m = o("name", name, "type", "line", "data", values, "stack", stack, "showSymbol", false,
                "lineStyle", o("opacity", 0), "tooltip", o("show", color != null));
        m.put("areaStyle", color == null ? o("opacity", 0) : o("color", color));
        m.put("itemStyle", o("color", color == null ? "rgba(0,0,0,0)" : color));
        return m;
    }

    private static List<BigDecimal> diff(List<BigDecimal> hi, List<BigDecimal> lo) {
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < hi.size(); i++) {
            out.add(hi.get(i) == null || lo.get(i) == null ? null : hi.get(i).subtract(lo.get(i)));
        }
        return out;
    }

    private static Map<String, Object> base(boolean legend) {
        Map<String, Object> option = o("animation", false, "tooltip", o("trigger", "axis"),
                "grid", o("left", 8, "right", 16, "top", legend ? 48 : 32, "bottom", 8, "containLabel", true));
        if (legend) {
            option.put("legend", o("top", 0));
        }
        return option;
    }

    private static Map<String, Object> withInverse(Map<String, Object> axis) {
        axis.put("inverse", true);
        return axis;
    }

    static Map<String, Object> o(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String json(Object option) {
        try {
            return JSON.writeValueAsString(option);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
