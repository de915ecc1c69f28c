//! Charts: pure functions from numbers to an SVG string (plotters, SVG backend only, no system
//! fonts). Text drawn into the SVG is escaped by the backend; data labels are also cleaned of
//! control characters and shortened here.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Result};

/// The report's palette.
pub const INK: RGBColor = RGBColor(0x1f, 0x29, 0x37);
pub const MUTED: RGBColor = RGBColor(0x6b, 0x72, 0x80);
pub const GRID: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
pub const SERIES: [RGBColor; 4] = [
    RGBColor(0x25, 0x63, 0xeb),
    RGBColor(0xf5, 0x9e, 0x0b),
    RGBColor(0x10, 0xb9, 0x81),
    RGBColor(0x8b, 0x5c, 0xf6),
];

const WIDTH: u32 = 720;
const FONT: &str = "sans-serif";

/// A drawing error of plotters, whatever the element that failed.
type DrawResult = std::result::Result<(), Box<dyn std::error::Error>>;

/// Draws one chart of `size` pixels on a white SVG canvas: `paint` draws, and any drawing error
/// becomes one chart error naming the chart.
fn draw(
    id: &str,
    size: (u32, u32),
    paint: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> DrawResult,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(Into::into)
            .and_then(|()| paint(&root))
            .and_then(|()| root.present().map_err(Into::into));
        drawn.map_err(|e| Error::Chart {
            chart: id.to_string(),
            message: e.to_string(),
        })?;
    }
    Ok(svg)
}

/// Data text for a chart label: no control characters, at most `max` characters.
pub fn label(text: &str, max: usize) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::terminal::cut(&clean, max)
}

/// The name of the category drawn at axis position `x` (categories sit at 0, 1, 2, …); empty
/// between categories, so that only whole positions are labelled.
fn category_at(names: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 0.01 && i >= 0.0 {
        names.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// Horizontal bars, one per category, with an optional second value drawn as a marker (e.g. the
/// previous period). `max` fixes the scale (e.g. 5 for maturity scores).
pub fn horizontal_bars(
    id: &str,
    categories: &[String],
    values: &[f64],
    markers: Option<&[Option<f64>]>,
    x_label: &str,
    max: Option<f64>,
) -> Result<String> {
    // Integer ranges are inclusive in plotters: rows 0..=n-1. At least two rows keep the axis sane.
    let n = categories.len().max(2);
    let n_i32 = i32::try_from(n).unwrap_or(i32::MAX);
    let height = 70 + 34 * u32::try_from(n).unwrap_or(2);
    let top = max.unwrap_or_else(|| values.iter().cloned().fold(0.0, f64::max).max(1.0) * 1.1);
    let names: Vec<String> = categories.iter().map(|c| label(c, 34)).collect();
    let x_fmt = move |v: &f64| {
        if top > 10.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    };
    // Category i is drawn in row n-1-i, so the first category is at the top.
    let row = |i: usize| n_i32 - 1 - i32::try_from(i).unwrap_or(0);
    draw(id, (WIDTH, height), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(230)
            .build_cartesian_2d(0.0..top, (0..n_i32 - 1).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .y_labels(n)
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(r) | SegmentValue::Exact(r) => {
                    usize::try_from(n_i32 - 1 - *r)
                        .ok()
                        .and_then(|i| names.get(i).cloned())
                        .unwrap_or_default()
                }
                SegmentValue::Last => String::new(),
            })
            .x_label_formatter(&x_fmt)
            .x_desc(x_label)
            .label_style((FONT, 13).into_font().color(&INK))
            .axis_desc_style((FONT, 13).into_font().color(&MUTED))
            .draw()?;
        for (i, v) in values.iter().enumerate() {
            let r = row(i);
            chart.draw_series(std::iter::once({
                let mut bar: Rectangle<(f64, SegmentValue<i32>)> = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(r)),
                        (*v, SegmentValue::Exact(r + 1)),
                    ],
                    SERIES[0].filled(),
                );
                bar.set_margin(5, 5, 0, 0);
                bar
            }))?;
            if let Some(Some(m)) = markers.and_then(|m| m.get(i)) {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [
                        (*m - top * 0.005, SegmentValue::Exact(r)),
                        (*m + top * 0.005, SegmentValue::Exact(r + 1)),
                    ],
                    SERIES[1].filled(),
                )))?;
            }
        }
        Ok(())
    })
}

/// Vertical columns over labelled buckets (a histogram).
pub fn columns(
    id: &str,
    buckets: &[String],
    values: &[f64],
    x_label: &str,
    y_label: &str,
) -> Result<String> {
    let n = buckets.len().max(1);
    // At least 5 on the axis, so that small counts still get distinct whole-number ticks.
    let top = (values.iter().cloned().fold(0.0, f64::max) * 1.15).max(5.0);
    draw(id, (WIDTH / 2, 260), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(48)
            .build_cartesian_2d(0.0..n as f64, 0.0..top)?;
        let names: Vec<String> = buckets.iter().map(|b| label(b, 12)).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_labels(n * 2 + 1)
            .x_label_formatter(&|x| category_at(&names, x - 0.5))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc(x_label)
            .y_desc(y_label)
            .label_style((FONT, 11).into_font().color(&INK))
            .axis_desc_style((FONT, 12).into_font().color(&MUTED))
            .draw()?;
        chart.draw_series(values.iter().enumerate().map(|(i, v)| {
            Rectangle::new(
                [(i as f64 + 0.15, 0.0), (i as f64 + 0.85, *v)],
                SERIES[0].filled(),
            )
        }))?;
        Ok(())
    })
}

/// One or more series over labelled points (weeks), gaps where a value is missing.
pub fn lines(
    id: &str,
    points: &[String],
    series: &[(String, Vec<Option<f64>>)],
    y_label: &str,
    y_max: Option<f64>,
) -> Result<String> {
    lines_over(id, points, series, "week starting", y_label, y_max)
}

/// Like [`lines`], over points the x axis names `x_label` (e.g. months).
pub fn lines_over(
    id: &str,
    points: &[String],
    series: &[(String, Vec<Option<f64>>)],
    x_label: &str,
    y_label: &str,
    y_max: Option<f64>,
) -> Result<String> {
    let n = points.len().max(1);
    let top = y_max.unwrap_or_else(|| {
        series
            .iter()
            .flat_map(|(_, v)| v.iter().flatten())
            .cloned()
            .fold(0.0, f64::max)
            .max(1.0)
            * 1.15
    });
    // Several series: their legend in a strip above the plot, where it never hides a point.
    let legend = if series.len() > 1 { 26 } else { 0 };
    draw(id, (WIDTH, 280 + legend), |root| {
        let (strip, plot) = root.split_vertically(legend);
        if legend > 0 {
            let style = TextStyle::from((FONT, 12).into_font()).color(&INK);
            let mut x = 68;
            for (k, (name, _)) in series.iter().enumerate() {
                let color = SERIES[k % SERIES.len()];
                strip.draw(&PathElement::new(
                    [(x, 14), (x + 16, 14)],
                    color.stroke_width(2),
                ))?;
                let text = label(name, 30);
                strip.draw_text(&text, &style, (x + 22, 7))?;
                let width = strip
                    .estimate_text_size(&text, &style)
                    .map_or(120, |(w, _)| w);
                x += 22 + i32::try_from(width).unwrap_or(120) + 24;
            }
        }
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.3..(n as f64 - 0.7), 0.0..top)?;
        let names: Vec<String> = points.iter().map(|p| label(p, 12)).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_labels(n)
            .x_label_formatter(&|x| category_at(&names, *x))
            .y_label_formatter(&|y| tick(*y))
            .x_desc(x_label)
            .y_desc(y_label)
            .label_style((FONT, 11).into_font().color(&INK))
            .axis_desc_style((FONT, 12).into_font().color(&MUTED))
            .draw()?;
        for (k, (_, values)) in series.iter().enumerate() {
            let color = SERIES[k % SERIES.len()];
            // Break the line at missing values.
            let mut run: Vec<(f64, f64)> = Vec::new();
            let mut runs = Vec::new();
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => run.push((i as f64, *v)),
                    None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
                    None => {}
                }
            }
            if !run.is_empty() {
                runs.push(run);
            }
            for r in runs {
                chart.draw_series(LineSeries::new(r.clone(), color.stroke_width(2)))?;
                chart.draw_series(r.into_iter().map(|p| Circle::new(p, 3, color.filled())))?;
            }
        }
        Ok(())
    })
}

/// An axis tick: whole numbers without a decimal (stage 3, not 3.0), others with one.
fn tick(y: f64) -> String {
    if (y - y.round()).abs() < 1e-9 {
        format!("{y:.0}")
    } else {
        format!("{y:.1}")
    }
}

/// A message in place of a chart when there is nothing to draw.
pub fn empty(id: &str, message: &str) -> Result<String> {
    draw(id, (WIDTH, 80), |root| {
        let style = TextStyle::from((FONT, 14).into_font())
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Center));
        root.draw_text(
            &label(message, 80),
            &style,
            (i32::try_from(WIDTH / 2).unwrap_or(360), 40),
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_data_are_escaped_inside_the_svg() {
        let svg = horizontal_bars(
            "t",
            &["<script>alert(1)</script>".to_string()],
            &[1.0],
            None,
            "alerts",
            None,
        )
        .unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn the_same_numbers_draw_the_same_bytes() {
        let a = lines(
            "t",
            &["a".into(), "b".into()],
            &[("s".into(), vec![Some(1.0), None])],
            "min",
            None,
        )
        .unwrap();
        let b = lines(
            "t",
            &["a".into(), "b".into()],
            &[("s".into(), vec![Some(1.0), None])],
            "min",
            None,
        )
        .unwrap();
        assert_eq!(a, b);
    }
}
