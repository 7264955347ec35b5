//! Horizontal bar charts drawn with the binder's own items (grey boxes, lines, text): the
//! percentiles of a Monte Carlo run per gate, or its histogram. Pure geometry, measured
//! with the shipped fonts, so a test can check that no bar leaves its box.

use super::font::{Fonts, Style};
use super::page::Item;
use super::wrap::wrap;

/// One group of bars (a gate), one value per series (p50, p90, p99).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    pub values: Vec<f64>,
}

/// A horizontal bar chart: the groups down the left, a shared scale along the bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub groups: Vec<Group>,
    /// The series' names, in the order of each group's values (the legend).
    pub series: Vec<String>,
    /// The unit after each value and under the scale ("h").
    pub unit: String,
    /// The labels' font size.
    pub size: f32,
    /// The values are counts: the scale's ticks are whole numbers.
    pub counts: bool,
}

/// A rectangle from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    /// Whether `other` lies inside this one (with a hundredth of a point for rounding).
    pub fn contains(&self, other: &Rect) -> bool {
        const E: f32 = 0.01;
        other.x >= self.x - E
            && other.y >= self.y - E
            && other.x + other.width <= self.x + self.width + E
            && other.y + other.height <= self.y + self.height + E
    }
}

/// The scale's end and the step between its ticks: a 1, 2 or 5 times a power of ten.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub max: f64,
    pub step: f64,
}

impl Scale {
    /// The smallest "nice" scale that holds `max` in at most `ticks` steps; a chart of
    /// nothing but zeros (or of no finite value) gets the scale 0 to 1.
    pub fn nice(max: f64, ticks: usize) -> Scale {
        let ticks = ticks.max(1) as f64;
        if !max.is_finite() || max <= 0.0 {
            return Scale {
                max: 1.0,
                step: 1.0 / ticks,
            };
        }
        let rough = max / ticks;
        let power = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * power)
            .find(|s| *s >= rough * (1.0 - 1e-9))
            .unwrap_or(10.0 * power);
        Scale {
            max: (max / step - 1e-9).ceil().max(1.0) * step,
            step,
        }
    }

    /// The ticks from 0 to the end, inclusive.
    pub fn ticks(&self) -> Vec<f64> {
        let n = (self.max / self.step).round() as usize;
        (0..=n).map(|i| i as f64 * self.step).collect()
    }
}

/// A chart laid out: its items from (0, 0), its height, the box the bars live in and each
/// bar's rectangle (for tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    pub items: Vec<Item>,
    pub height: f32,
    pub plot: Rect,
    pub bars: Vec<Rect>,
    pub scale: Scale,
}

const BAR: f32 = 7.0;
const GAP: f32 = 5.0;
const TICKS: usize = 5;

/// The grey of series `i` of `n`: light to dark.
fn shade(i: usize, n: usize) -> f32 {
    if n <= 1 {
        return 0.45;
    }
    0.75 - 0.55 * i as f32 / (n - 1) as f32
}

/// A number as the chart labels it: whole when it is, else to two significant decimals.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

impl BarChart {
    fn value_label(&self, v: f64) -> String {
        if self.unit.is_empty() {
            return number(v);
        }
        format!("{} {}", number(v), self.unit)
    }

    /// The chart drawn `width` points wide.
    pub fn draw(&self, fonts: &Fonts, width: f32) -> Drawn {
        let size = self.size;
        let lh = size * 1.25;
        let ascent = fonts.faces[0].ascent * size;
        let max = self
            .groups
            .iter()
            .flat_map(|g| g.values.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let mut scale = Scale::nice(max, TICKS);
        if self.counts && scale.step < 1.0 {
            scale = Scale {
                max: max.ceil().max(1.0),
                step: 1.0,
            };
        }
        let label_width = self
            .groups
            .iter()
            .map(|g| fonts.width(&g.label, size, Style::Regular) + 6.0)
            .fold(0.0f32, f32::max)
            .min(width * 0.3);
        let value_width = self
            .groups
            .iter()
            .flat_map(|g| g.values.iter())
            .map(|v| fonts.width(&self.value_label(*v), size, Style::Regular) + 4.0)
            .fold(0.0f32, f32::max);
        let tick_width = fonts.width(&self.value_label(scale.max), size, Style::Regular);
        let x0 = label_width;
        let x1 = (width - value_width.max(tick_width / 2.0 + 2.0)).max(x0 + 1.0);
        let mut items = Vec::new();
        let text = |x: f32, top: f32, text: String| Item::Text {
            x,
            y: top + ascent,
            size,
            style: Style::Regular,
            text,
        };
        let mut bars = Vec::new();
        let mut y = GAP;
        let series = self.series.len().max(1);
        for group in &self.groups {
            let lines = wrap(fonts, &group.label, size, Style::Regular, label_width - 6.0);
            let bars_height = BAR * group.values.len().max(1) as f32;
            let height = bars_height.max(lines.len() as f32 * lh);
            for (i, line) in lines.into_iter().enumerate() {
                items.push(text(0.0, y + i as f32 * lh, line));
            }
            for (i, v) in group.values.iter().enumerate() {
                let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
                let bar = Rect {
                    x: x0,
                    y: y + i as f32 * BAR + 0.5,
                    width: ((v / scale.max) as f32 * (x1 - x0)).clamp(0.0, x1 - x0),
                    height: BAR - 1.0,
                };
                items.push(Item::Shade {
                    x: bar.x,
                    y: bar.y,
                    width: bar.width,
                    height: bar.height,
                    grey: shade(i, series),
                });
                let label = Item::Text {
                    x: bar.x + bar.width + 2.0,
                    y: bar.y + bar.height - 0.8,
                    size: size * 0.8,
                    style: Style::Regular,
                    text: self.value_label(v),
                };
                items.push(label);
                bars.push(bar);
            }
            y += height + GAP;
        }
        let plot = Rect {
            x: x0,
            y: 0.0,
            width: x1 - x0,
            height: y,
        };
        items.push(Item::Line {
            x1: x0,
            y1: 0.0,
            x2: x0,
            y2: y,
            thickness: 0.5,
        });
        items.push(Item::Line {
            x1: x0,
            y1: y,
            x2: x1,
            y2: y,
            thickness: 0.5,
        });
        for tick in scale.ticks() {
            let x = x0 + (tick / scale.max) as f32 * (x1 - x0);
            items.push(Item::Line {
                x1: x,
                y1: y,
                x2: x,
                y2: y + 3.0,
                thickness: 0.4,
            });
            let label = number(tick);
            let w = fonts.width(&label, size, Style::Regular);
            items.push(text(x - w / 2.0, y + 4.0, label));
        }
        let axis = if self.unit.is_empty() {
            format!("scale 0 to {}", number(scale.max))
        } else {
            format!("{} (scale 0 to {})", self.unit, number(scale.max))
        };
        let w = fonts.width(&axis, size, Style::Regular);
        items.push(text(x0 + (x1 - x0 - w).max(0.0) / 2.0, y + 4.0 + lh, axis));
        let mut height = y + 4.0 + 2.0 * lh + 2.0;
        if self.series.len() > 1 {
            let mut x = x0;
            for (i, name) in self.series.iter().enumerate() {
                items.push(Item::Shade {
                    x,
                    y: height + 1.0,
                    width: BAR,
                    height: BAR - 1.0,
                    grey: shade(i, series),
                });
                items.push(text(x + BAR + 3.0, height, name.clone()));
                x += BAR + 3.0 + fonts.width(name, size, Style::Regular) + 12.0;
            }
            height += lh + 2.0;
        }
        Drawn {
            items,
            height,
            plot,
            bars,
            scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(groups: &[(&str, &[f64])]) -> BarChart {
        BarChart {
            groups: groups
                .iter()
                .map(|(label, values)| Group {
                    label: label.to_string(),
                    values: values.to_vec(),
                })
                .collect(),
            series: vec!["p50".into(), "p90".into(), "p99".into()],
            unit: "h".into(),
            size: 7.5,
            counts: false,
        }
    }

    #[test]
    fn a_chart_of_counts_has_whole_ticks_and_bare_value_labels() {
        let fonts = Fonts::shipped();
        let mut c = chart(&[("v1.0", &[0.0, 2.0, 1.0])]);
        c.counts = true;
        c.unit = String::new();
        let drawn = c.draw(fonts, 400.0);
        assert_eq!(drawn.scale.ticks(), [0.0, 1.0, 2.0], "no 0.5 of a finding");
        let texts: Vec<&str> = (drawn.items.iter())
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"scale 0 to 2"), "{texts:?}");
        assert!(
            texts.contains(&"2") && !texts.iter().any(|t| t.ends_with(' ')),
            "{texts:?}"
        );
        c.counts = false;
        assert_eq!(
            c.draw(fonts, 400.0).scale.step,
            0.5,
            "measures keep their fine scale"
        );
    }

    #[test]
    fn the_scale_is_nice_and_holds_the_largest_value() {
        for (max, end, step) in [
            (0.0, 1.0, 0.2),
            (7.3, 8.0, 2.0),
            (10.0, 10.0, 2.0),
            (47.5, 50.0, 10.0),
            (120.0, 150.0, 50.0),
            (0.031, 0.04, 0.01),
        ] {
            let s = Scale::nice(max, 5);
            assert!(
                (s.max - end).abs() < 1e-9 && (s.step - step).abs() < 1e-9,
                "{max}: expected 0..{end} by {step}, got {s:?}"
            );
            assert!(s.max >= max, "the scale holds {max}");
            assert!(s.ticks().len() <= 6, "at most five steps: {s:?}");
        }
        assert_eq!(Scale::nice(f64::NAN, 5).max, 1.0, "no finite value: 0 to 1");
    }

    #[test]
    fn every_bar_stays_in_the_plot_box_and_is_as_long_as_its_value() {
        let fonts = Fonts::shipped();
        let c = chart(&[
            ("Development → test", &[1.5, 4.0, 9.75]),
            (
                "Test → production, with a long gate name that wraps",
                &[12.0, 30.0, 47.5],
            ),
            ("Empty", &[0.0, 0.0, 0.0]),
        ]);
        let d = c.draw(fonts, 500.0);
        assert_eq!(d.bars.len(), 9, "one bar per value");
        assert_eq!(d.scale.max, 50.0);
        for bar in &d.bars {
            assert!(d.plot.contains(bar), "{bar:?} inside {:?}", d.plot);
        }
        let longest = d.bars.iter().map(|b| b.width).fold(0.0, f32::max);
        assert!(
            (longest - 47.5 / 50.0 * d.plot.width).abs() < 0.01,
            "the largest value's bar is 95 % of the box"
        );
        assert!(
            (d.bars[1].width / d.bars[0].width - 4.0 / 1.5).abs() < 0.01,
            "bars are proportional to their values"
        );
        assert_eq!(d.bars[8].width, 0.0, "a zero is no bar");
        for item in &d.items {
            if let Item::Text { x, text, size, .. } = item {
                let right = x + fonts.width(text, *size, Style::Regular);
                assert!(
                    *x >= -0.01 && right <= 500.0 + 0.01,
                    "{text:?} from {x} to {right} stays inside the chart's width"
                );
            }
            if let Item::Text { y, .. } = item {
                assert!(*y <= d.height, "text below the chart's height");
            }
        }
    }

    #[test]
    fn negative_or_infinite_values_do_not_leave_the_box() {
        let fonts = Fonts::shipped();
        let d = chart(&[("a", &[-3.0, f64::INFINITY, 2.0])]).draw(fonts, 300.0);
        for bar in &d.bars {
            assert!(d.plot.contains(bar), "{bar:?} inside {:?}", d.plot);
        }
        assert_eq!(d.bars[0].width, 0.0);
        assert_eq!(d.bars[1].width, 0.0);
    }

    #[test]
    fn a_legend_names_each_series_once() {
        let fonts = Fonts::shipped();
        let d = chart(&[("a", &[1.0, 2.0, 3.0])]).draw(fonts, 300.0);
        let texts: Vec<&str> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for name in ["p50", "p90", "p99"] {
            assert_eq!(texts.iter().filter(|t| **t == name).count(), 1, "{name}");
        }
        assert!(
            texts.contains(&"3 h"),
            "each bar carries its value: {texts:?}"
        );
    }
}
