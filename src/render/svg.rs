//! A [`Chart`] as SVG, written by hand: a few rectangles, lines and text need no plotting library,
//! and writing them ourselves keeps the output byte-identical from run to run (coordinates rounded to
//! a tenth of a pixel, nothing taken from the system) and every label laid out by our own
//! [`super::metrics`]: wrapped, never cut. The palette is Paul Tol's «muted» scheme, safe for colour-blind
//! readers; past its nine colours a series is hatched as well.

use super::metrics::{width, wrap, Font};
use crate::model::chart::{Category, Chart, ChartKind, Unit};
use crate::model::table::{grouped, percent, rounded};
use std::fmt::Write as _;

/// Paul Tol's muted qualitative palette (colour-blind safe); a tenth series and on are hatched too.
const PALETTE: [&str; 9] =
    ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499"];
/// Text is laid out to this share of the room it has: a browser that lacks the fonts named here
/// draws with a wider fallback (DejaVu Sans is about a tenth wider), and the text still fits.
const SAFE: f64 = 0.88;
const FONT: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";
const WIDTH: f64 = 760.0;
const PAD: f64 = 16.0;
const PLOT_HEIGHT: f64 = 260.0;
const SMALL: f64 = 11.0;
const TEXT: f64 = 12.0;
const TITLE: f64 = 15.0;

/// Whether the picture carries its own caption and source line (a standalone `.svg` file) or leaves
/// them to the page around it (the HTML report's `<figcaption>` and note).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Frame {
    Standalone,
    Inline,
}

/// The chart as an SVG document.
pub(crate) fn chart(c: &Chart, frame: Frame) -> String {
    let mut body = String::new();
    let mut y = PAD;
    if frame == Frame::Standalone {
        y = paragraph(&mut body, &c.title, y, Font::bold(TITLE), "#000") + 6.0;
    }
    if c.series.iter().all(|s| s.values.iter().all(Option::is_none)) {
        // Nothing to draw: said where the plot would stand, not shown as empty axes.
        let none = c.lang.pick("Ingen data å vise for dette utvalget", "No data to show for this selection");
        let middle = y + 14.0 + PLOT_HEIGHT / 2.0;
        text(&mut body, none, WIDTH / 2.0, middle, TextStyle::new(Font::normal(TITLE), Anchor::Middle, "#333"));
        y = middle + PLOT_HEIGHT / 2.0;
    } else {
        y = paragraph(&mut body, &c.axis, y, Font::normal(SMALL), "#333");
        let plot = Plot::new(c, y + 14.0);
        plot.draw(&mut body);
        y = legend(&mut body, c, plot.bottom + 12.0);
    }
    if frame == Frame::Standalone {
        y = paragraph(&mut body, &c.source, y + 8.0, Font::normal(SMALL), "#555");
    }
    let height = (y + PAD).round();
    let id = &c.name;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" \
         height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" font-family=\"{FONT}\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(&c.title),
        escape(&description(c))
    );
    let _ = writeln!(
        out,
        "<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"#ffffff\"/></pattern></defs>"
    );
    let _ = writeln!(out, "<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>");
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// The plot area: where the axes are and how values map onto them.
struct Plot<'a> {
    chart: &'a Chart,
    left: f64,
    right: f64,
    top: f64,
    /// The width of one category.
    band: f64,
    /// Each category's label, wrapped to its band.
    labels: Vec<Vec<String>>,
    /// The x axis.
    base: f64,
    /// Below the category labels.
    bottom: f64,
    min: f64,
    max: f64,
    ticks: Vec<f64>,
}

impl<'a> Plot<'a> {
    fn new(chart: &'a Chart, top: f64) -> Plot<'a> {
        let (max, ticks) = scale(chart);
        let min = ticks.first().copied().unwrap_or(0.0).min(0.0);
        let tick_width = ticks.iter().map(|&t| width(&tick_label(chart, t), Font::normal(SMALL))).fold(0.0, f64::max);
        let left = PAD + tick_width + 6.0;
        let right = WIDTH - PAD;
        let base = top + PLOT_HEIGHT;
        let band = (right - left) / chart.categories.len().max(1) as f64;
        let labels: Vec<Vec<String>> = chart
            .categories
            .iter()
            .map(|c| wrap(&category_label(c), Font::normal(SMALL), SAFE * (band - 4.0)))
            .collect();
        let label_lines = labels.iter().map(Vec::len).max().unwrap_or(1);
        let bottom = base + 6.0 + label_lines as f64 * (SMALL + 3.0);
        Plot { chart, left, right, top, band, labels, base, bottom, min, max, ticks }
    }

    /// Where value `v` stands: the axis runs from `min` (0, or below it for a negative value) at
    /// the base to `max` at the top.
    fn y(&self, v: f64) -> f64 {
        let v = v.clamp(self.min, self.max);
        self.base - (v - self.min) / (self.max - self.min) * (self.base - self.top)
    }

    fn draw(&self, out: &mut String) {
        for &t in &self.ticks {
            let y = self.y(t);
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
                f(self.left),
                f(y),
                f(self.right),
                f(y),
                if t == 0.0 { "#333333" } else { "#dddddd" }
            );
            let label = tick_label(self.chart, t);
            text(
                out,
                &label,
                self.left - 6.0,
                y + SMALL / 3.0,
                TextStyle::new(Font::normal(SMALL), Anchor::End, "#333"),
            );
        }
        for (i, lines) in self.labels.iter().enumerate() {
            let centre = self.left + self.band * (i as f64 + 0.5);
            for (j, line) in lines.iter().enumerate() {
                let y = self.base + 6.0 + SMALL + j as f64 * (SMALL + 3.0);
                text(out, line, centre, y, TextStyle::new(Font::normal(SMALL), Anchor::Middle, "#000"));
            }
        }
        match self.chart.kind {
            ChartKind::Bars => self.bars(out),
            ChartKind::Stacked => self.stacked(out),
            ChartKind::Lines => self.lines(out),
        }
    }

    fn bars(&self, out: &mut String) {
        let band = self.band;
        let n = self.chart.series.len().max(1) as f64;
        let bar = band * 0.8 / n;
        let labelled = self.value_labels_fit(bar);
        for (s, series) in self.chart.series.iter().enumerate() {
            for (i, v) in series.values.iter().enumerate() {
                let Some(v) = *v else { continue };
                let x = self.left + band * (i as f64 + 0.1) + bar * s as f64;
                // From the zero line: up for a positive value, down for a negative one.
                let (zero, end) = (self.y(0.0), self.y(v));
                rect(out, &self.chart.name, s, x, zero.min(end), bar, (zero - end).abs());
                if labelled {
                    let label = value_label(self.chart, v);
                    let at = if v < 0.0 { end + 10.0 + 1.0 } else { end - 3.0 };
                    text(out, &label, x + bar / 2.0, at, TextStyle::new(Font::normal(10.0), Anchor::Middle, "#000"));
                }
            }
        }
    }

    /// Values are written over the bars when there are few bars and every value fits over its bar.
    fn value_labels_fit(&self, bar: f64) -> bool {
        let values = self.chart.series.iter().flat_map(|s| s.values.iter().flatten());
        let count = values.clone().count();
        count <= 24
            && values.map(|&v| width(&value_label(self.chart, v), Font::normal(10.0))).all(|w| w / SAFE + 2.0 <= bar)
    }

    fn stacked(&self, out: &mut String) {
        let band = self.band;
        let bar = band * 0.6;
        for i in 0..self.chart.categories.len() {
            let x = self.left + band * (i as f64 + 0.2);
            let mut below = 0.0;
            for (s, series) in self.chart.series.iter().enumerate() {
                let Some(v) = series.values[i].filter(|v| *v > 0.0) else { continue };
                let (top, bottom) = (self.y(below + v), self.y(below));
                rect(out, &self.chart.name, s, x, top, bar, bottom - top);
                below += v;
            }
        }
    }

    fn lines(&self, out: &mut String) {
        let band = self.band;
        for (s, series) in self.chart.series.iter().enumerate() {
            let colour = PALETTE[s % PALETTE.len()];
            let points: Vec<Option<(f64, f64)>> = series
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| v.map(|v| (self.left + band * (i as f64 + 0.5), self.y(v))))
                .collect();
            // A missing value breaks the line.
            for run in points.split(Option::is_none).filter(|r| r.len() > 1) {
                let path: Vec<String> = run.iter().flatten().map(|(x, y)| format!("{},{}", f(*x), f(*y))).collect();
                let _ = writeln!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
                    path.join(" ")
                );
            }
            for (x, y) in points.iter().flatten() {
                marker(out, s, *x, *y, 4.0);
            }
        }
    }
}

/// The y axis: its top and its ticks (the first is its bottom). Shares run 0–100 % in steps of 20;
/// numbers from 0 (or a round value below the lowest negative one) to a round top, in steps of 1,
/// 2 or 5 times a power of ten.
fn scale(c: &Chart) -> (f64, Vec<f64>) {
    let peak = c.peak();
    let trough = c.trough();
    if c.unit == Unit::Share {
        // Stacked shares of options a centre may tick together can pass 100 %.
        let top = ((peak - 1e-9) / 0.2).ceil().max(5.0) as usize;
        return (top as f64 * 0.2, (0..=top).map(|i| i as f64 * 0.2).collect());
    }
    if peak <= 0.0 && trough >= 0.0 {
        return (1.0, vec![0.0, 1.0]);
    }
    let raw = (peak - trough) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    // A negative value on the bottom tick would write its label over the category labels.
    let mut bottom = (trough / step).floor() * step;
    if trough < 0.0 && (bottom - trough).abs() < 1e-9 {
        bottom -= step;
    }
    let top = ((peak / step).ceil() * step).max(step * f64::from(peak > 0.0));
    let count = ((top - bottom) / step).round() as usize;
    (top, (0..=count).map(|i| bottom + i as f64 * step).collect())
}

/// A tick's label: as exact as the step needs (`0,05`), where a value over a bar is rounded.
fn tick_label(c: &Chart, v: f64) -> String {
    match c.unit {
        Unit::Share => percent(v, c.lang),
        Unit::Number => grouped((v * 1e6).round() / 1e6, c.lang),
    }
}

fn value_label(c: &Chart, v: f64) -> String {
    match c.unit {
        Unit::Share => percent(v, c.lang),
        Unit::Number => rounded(v, c.lang),
    }
}

/// «2017 (n=10)».
fn category_label(cat: &Category) -> String {
    match cat.n {
        Some(n) => format!("{} (n={n})", cat.label),
        None => cat.label.clone(),
    }
}

/// The legend under the plot: as many columns as the labels allow (one to four), each label
/// wrapped in its column.
fn legend(out: &mut String, c: &Chart, top: f64) -> f64 {
    let inner = WIDTH - 2.0 * PAD;
    // The most columns in which every label fits on one line; else up to three with labels on two.
    let lines_in = |k: usize| {
        let room = SAFE * (inner / k as f64 - 22.0);
        c.series.iter().map(|s| wrap(&s.label, Font::normal(TEXT), room).len()).max().unwrap_or(1)
    };
    let columns = (2..=4)
        .rev()
        .find(|&k| lines_in(k) == 1)
        .or_else(|| (2..=3).rev().find(|&k| lines_in(k) <= 2))
        .unwrap_or(1)
        .min(c.series.len().max(1));
    let column = inner / columns as f64;
    let mut y = top;
    for row in c.series.chunks(columns).enumerate().map(|(r, chunk)| (r * columns, chunk)) {
        let (first, chunk) = row;
        let mut tallest = 1;
        for (k, series) in chunk.iter().enumerate() {
            let s = first + k;
            let x = PAD + column * k as f64;
            let lines = wrap(&series.label, Font::normal(TEXT), SAFE * (column - 22.0));
            if c.kind == ChartKind::Lines {
                let colour = PALETTE[s % PALETTE.len()];
                let (y0, x1) = (f(y + 6.0), f(x + 14.0));
                let _ = writeln!(
                    out,
                    "<line x1=\"{}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y0}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
                    f(x)
                );
                marker(out, s, x + 7.0, y + 6.0, 4.0);
            } else {
                rect(out, &c.name, s, x, y, 12.0, 12.0);
            }
            for (j, line) in lines.iter().enumerate() {
                text(
                    out,
                    line,
                    x + 18.0,
                    y + 10.0 + j as f64 * (TEXT + 3.0),
                    TextStyle::new(Font::normal(TEXT), Anchor::Start, "#000"),
                );
            }
            tallest = tallest.max(lines.len());
        }
        y += tallest as f64 * (TEXT + 3.0) + 6.0;
    }
    y
}

/// A bar or a swatch in series `s`'s colour, hatched past the palette's end.
fn rect(out: &mut String, id: &str, s: usize, x: f64, y: f64, w: f64, h: f64) {
    let (x, y, w, h) = (f(x), f(y), f(w), f(h.max(0.0)));
    let colour = PALETTE[s % PALETTE.len()];
    let _ = writeln!(out, "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{colour}\"/>");
    if s >= PALETTE.len() {
        let _ = writeln!(out, "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"url(#{id}-hatch)\"/>");
    }
}

/// A point of series `s`: a circle, square, triangle or diamond in turn, so lines differ by more
/// than colour.
fn marker(out: &mut String, s: usize, x: f64, y: f64, r: f64) {
    let colour = PALETTE[s % PALETTE.len()];
    let shape = match s % 4 {
        0 => format!("<circle cx=\"{}\" cy=\"{}\" r=\"{}\"", f(x), f(y), f(r)),
        1 => format!("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"", f(x - r), f(y - r), f(2.0 * r), f(2.0 * r)),
        2 => format!("<polygon points=\"{},{} {},{} {},{}\"", f(x), f(y - r), f(x + r), f(y + r), f(x - r), f(y + r)),
        _ => format!(
            "<polygon points=\"{},{} {},{} {},{} {},{}\"",
            f(x),
            f(y - r),
            f(x + r),
            f(y),
            f(x),
            f(y + r),
            f(x - r),
            f(y)
        ),
    };
    let _ = writeln!(out, "{shape} fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
}

/// `s` wrapped to the figure's width, from `y` down; returns the y under it.
fn paragraph(out: &mut String, s: &str, y: f64, font: Font, fill: &'static str) -> f64 {
    let lines = wrap(s, font, SAFE * (WIDTH - 2.0 * PAD));
    let line_height = font.size + 4.0;
    for (i, line) in lines.iter().enumerate() {
        text(out, line, PAD, y + font.size + i as f64 * line_height, TextStyle::new(font, Anchor::Start, fill));
    }
    y + lines.len() as f64 * line_height
}

/// Where a text stands against its x: its start, middle or end (SVG's `text-anchor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How a text is set: its font, where it is anchored and its colour.
#[derive(Debug, Clone, Copy)]
struct TextStyle {
    font: Font,
    anchor: Anchor,
    fill: &'static str,
}

impl TextStyle {
    fn new(font: Font, anchor: Anchor, fill: &'static str) -> TextStyle {
        TextStyle { font, anchor, fill }
    }
}

fn text(out: &mut String, s: &str, x: f64, y: f64, style: TextStyle) {
    let TextStyle { font, anchor, fill } = style;
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" font-weight=\"{}\" \
         fill=\"{fill}\">{}</text>",
        f(x),
        f(y),
        font.size,
        anchor.as_str(),
        font.weight.as_str(),
        escape(s)
    );
}

/// The figure in words, for readers who cannot see it: every series' value in every category.
pub(crate) fn description(c: &Chart) -> String {
    let mut out = c.axis.clone();
    out.push('.');
    for s in &c.series {
        let values: Vec<String> = c
            .categories
            .iter()
            .zip(&s.values)
            .map(|(cat, v)| format!("{} {}", cat.label, v.map_or("–".into(), |v| value_label(c, v))))
            .collect();
        let _ = write!(out, " {}: {}.", s.label, values.join(", "));
    }
    let ns: Vec<String> = c.categories.iter().filter_map(|cat| cat.n.map(|n| format!("{} {n}", cat.label))).collect();
    if !ns.is_empty() {
        let _ = write!(out, " n: {}.", ns.join(", "));
    }
    out
}

/// A coordinate to a tenth of a pixel, without a trailing `.0`.
fn f(v: f64) -> String {
    let s = format!("{:.1}", (v * 10.0).round() / 10.0 + 0.0);
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// Text for XML: the five characters that mean something there, escaped.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            // Characters XML does not allow, from a control code in a spec or a reason.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::model::chart::Series;

    fn sample(kind: ChartKind) -> Chart {
        let long = "Ansatte i andre (helse)tjenester i egen kommune, somatisk og psykisk helse og miljøtjeneste";
        Chart {
            name: "figur".into(),
            title: "Figur 1: Hvem hospiterte, og hvor mange kom fra Sør-Varanger & Ålesund?".into(),
            kind,
            unit: Unit::Share,
            axis: "Prosentandel utviklingssentraler".into(),
            categories: vec![
                Category { label: "2020".into(), n: Some(9) },
                Category { label: "2021".into(), n: Some(9) },
            ],
            series: vec![
                Series { label: "Frisklivssentraler".into(), values: vec![Some(2.0 / 3.0), Some(1.0)] },
                Series { label: long.into(), values: vec![Some(0.5), None] },
            ],
            source: "Kilde: årlig rapportering fra utviklingssentralene til Helsedirektoratet".into(),
            lang: Lang::Nb,
        }
    }

    #[test]
    fn a_small_bar_chart_draws_as_pinned() {
        insta::assert_snapshot!(chart(&sample(ChartKind::Bars), Frame::Standalone));
    }

    #[test]
    fn every_label_is_escaped_and_a_long_one_wraps_in_the_legend() {
        let svg = chart(&sample(ChartKind::Bars), Frame::Standalone);
        assert!(svg.contains("Sør-Varanger &amp; Ålesund?"));
        // The legend takes as few columns as its longest label needs; a label longer than the
        // figure is wide wraps, every word kept.
        let mut wide = sample(ChartKind::Bars);
        wide.series[1].label = format!("{0}; {0}", wide.series[1].label);
        let svg_wide = chart(&wide, Frame::Standalone);
        let lines: Vec<&str> = svg_wide
            .lines()
            .filter(|l| l.contains("font-size=\"12\""))
            .map(|l| l.split('>').nth(1).unwrap().trim_end_matches("</text"))
            .collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[1..].join(" "), wide.series[1].label);
        assert!(svg.contains(">2020 (n=9)<") && svg.contains(">66,7\u{a0}%<") && svg.contains(">100\u{a0}%<"));
        // The page around an inline figure gives its caption and source.
        let inline = chart(&sample(ChartKind::Bars), Frame::Inline);
        assert!(!inline.contains("Kilde:") && inline.matches("Figur 1:").count() == 1);
        assert!(inline.contains("<title id=\"figur-title\">Figur 1: Hvem hospiterte"));
    }

    #[test]
    fn a_negative_value_is_drawn_below_the_zero_line() {
        let mut signed = sample(ChartKind::Bars);
        signed.unit = Unit::Number;
        signed.series[0].values = vec![Some(30.0), Some(-20.0)];
        signed.series[1].values = vec![Some(10.0), None];
        // From −30 to 30 in steps of 10: the axis reaches below zero, a step below −20 so that its
        // label stays clear of the category labels.
        assert_eq!(scale(&signed), (30.0, vec![-30.0, -20.0, -10.0, 0.0, 10.0, 20.0, 30.0]));
        let svg = chart(&signed, Frame::Inline);
        let number = |l: &str, attribute: &str| -> f64 {
            l.split(&format!("{attribute}=\"")).nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
        };
        // The zero line is the dark one; the tick of −20 (the second) stands below it.
        let lines: Vec<&str> = svg.lines().filter(|l| l.starts_with("<line")).collect();
        let zero = number(lines.iter().find(|l| l.contains("#333333")).unwrap(), "y1");
        let lowest = number(lines[1], "y1");
        assert!(lowest > zero, "{svg}");
        // The negative bar starts at the zero line and runs down to −20.
        let bars: Vec<&str> = svg.lines().filter(|l| l.starts_with("<rect x=")).collect();
        let down = |l: &&&str| {
            (number(l, "y") - zero).abs() < 0.6 && (number(l, "y") + number(l, "height") - lowest).abs() < 0.6
        };
        assert!(bars.iter().any(|l| down(&l)), "{svg}");
        assert!(svg.contains(">-20<"), "its value under it");
    }

    #[test]
    fn a_figure_with_no_data_says_so_instead_of_drawing_empty_axes() {
        let mut empty = sample(ChartKind::Bars);
        empty.series.iter_mut().for_each(|s| s.values = vec![None, None]);
        let svg = chart(&empty, Frame::Standalone);
        assert!(svg.contains(">Ingen data å vise for dette utvalget<"), "{svg}");
        assert!(!svg.contains("<line"), "no axes: {svg}");
        assert!(svg.contains("Kilde:"), "the caption and source stay");
    }

    #[test]
    fn a_missing_value_breaks_a_line_and_stacks_add_up() {
        let lines = chart(&sample(ChartKind::Lines), Frame::Inline);
        assert_eq!(lines.matches("<polyline").count(), 1, "one series has a single point");
        let mut stacked = sample(ChartKind::Stacked);
        stacked.unit = Unit::Number;
        stacked.series[0].values = vec![Some(3.0), Some(4.0)];
        stacked.series[1].values = vec![Some(5.0), None];
        assert_eq!(stacked.peak(), 8.0);
        assert_eq!(scale(&stacked), (8.0, vec![0.0, 2.0, 4.0, 6.0, 8.0]));
        // Options a centre may tick together stack past 100 %: the axis goes on in steps of 20.
        let mut shares = sample(ChartKind::Stacked);
        shares.series[0].values = vec![Some(0.8), Some(0.5)];
        shares.series[1].values = vec![Some(0.5), None];
        assert!((scale(&shares).0 - 1.4).abs() < 1e-9);
        assert_eq!(scale(&sample(ChartKind::Bars)).1.len(), 6, "0–100 % for bars");
    }
}
