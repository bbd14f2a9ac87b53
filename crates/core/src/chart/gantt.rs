//! The Gantt chart as SVG: bars on a calendar-day axis, summaries with end caps,
//! milestones as diamonds, baseline ghost bars, dependency arrows, weekends shaded and a
//! line for today. Pure: rows and dates in, SVG text out. Colours come from CSS classes,
//! so the page's light and dark themes apply and no inline style is needed.

use crate::Date;
use crate::item::DepType;
use crate::schedule::Moment;
use jiff::civil::Weekday;
use std::fmt::Write as _;

/// Height of one row, in pixels; the page's labels use the same.
pub const ROW: f64 = 28.0;

/// How much time a pixel covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zoom {
    Day,
    Week,
    Month,
    Quarter,
}

impl Zoom {
    pub fn parse(text: &str) -> Zoom {
        match text {
            "day" => Zoom::Day,
            "month" => Zoom::Month,
            "quarter" => Zoom::Quarter,
            _ => Zoom::Week,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Zoom::Day => "day",
            Zoom::Week => "week",
            Zoom::Month => "month",
            Zoom::Quarter => "quarter",
        }
    }

    fn px_per_day(self) -> f64 {
        match self {
            Zoom::Day => 32.0,
            Zoom::Week => 9.0,
            Zoom::Month => 3.0,
            Zoom::Quarter => 1.0,
        }
    }
}

/// What a row draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Task,
    Summary,
    Milestone,
}

/// One row of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub key: String,
    pub title: String,
    pub start: Moment,
    pub finish: Moment,
    pub shape: Shape,
    pub critical: bool,
    /// Done work is drawn muted.
    pub done: bool,
    pub baseline: Option<(Moment, Moment)>,
    pub href: String,
}

/// A dependency between two rows (indexes into the bars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    pub kind: DepType,
}

/// A chart: its rows, arrows, today and zoom.
#[derive(Debug, Clone, PartialEq)]
pub struct Gantt {
    pub bars: Vec<Bar>,
    pub arrows: Vec<Arrow>,
    pub today: Date,
    pub zoom: Zoom,
}

/// The drawn chart: a header (the timescale) and a body (the rows), the same width.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    pub header: String,
    pub body: String,
    pub width: f64,
    pub height: f64,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(0, |s| i64::from(s.get_days()))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Draws the chart. The axis runs from a few days before the earliest bar (or today) to a
/// week after the latest.
pub fn draw(g: &Gantt) -> Drawn {
    let first = g
        .bars
        .iter()
        .flat_map(|b| [Some(b.start.date), b.baseline.map(|x| x.0.date)])
        .flatten()
        .chain([g.today])
        .min()
        .unwrap_or(g.today);
    let last = g
        .bars
        .iter()
        .flat_map(|b| [Some(b.finish.date), b.baseline.map(|x| x.1.date)])
        .flatten()
        .chain([g.today])
        .max()
        .unwrap_or(g.today);
    // Start on a Monday a few days before, so weeks line up.
    let mut origin = first
        .checked_sub(jiff::Span::new().days(3))
        .unwrap_or(first);
    while origin.weekday() != Weekday::Monday {
        origin = origin.yesterday().unwrap_or(origin);
        if origin.weekday() == Weekday::Monday {
            break;
        }
    }
    let span_days = days_between(origin, last) + 8;
    let px = g.zoom.px_per_day();
    let width = (span_days as f64 * px).ceil().max(200.0);
    let height = (g.bars.len() as f64 * ROW).max(ROW);
    let x = |m: Moment| (days_between(origin, m.date) as f64 + f64::from(m.minute) / 1440.0) * px;

    // The header: months (and days or week starts, zoom allowing).
    let mut header = String::new();
    let _ = write!(
        header,
        r#"<svg class="gantt-scale" xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="40" role="img" aria-label="Timescale">"#
    );
    let mut day = origin;
    for i in 0..span_days {
        let left = i as f64 * px;
        // The first month is labelled at the left edge, unless the next one starts too
        // close for both labels to fit.
        let days_in_month = i64::from(day.days_in_month());
        let room = (days_in_month - i64::from(day.day()) + 1) as f64 * px;
        if day.day() == 1 || (i == 0 && room > 70.0) {
            let label = match g.zoom {
                Zoom::Quarter if day.month() % 3 == 1 => {
                    format!("Q{} {}", (day.month() - 1) / 3 + 1, day.year())
                }
                Zoom::Quarter => String::new(),
                _ => format!("{} {}", MONTHS[(day.month() - 1) as usize], day.year()),
            };
            if !label.is_empty() {
                let _ = write!(
                    header,
                    r#"<line class="g-tick" x1="{left:.1}" x2="{left:.1}" y1="0" y2="40"/><text class="g-month" x="{:.1}" y="15">{label}</text>"#,
                    left + 4.0
                );
            }
        }
        match g.zoom {
            Zoom::Day => {
                let _ = write!(
                    header,
                    r#"<text class="g-day" x="{:.1}" y="34">{}</text>"#,
                    left + px / 2.0,
                    day.day()
                );
            }
            Zoom::Week if day.weekday() == Weekday::Monday => {
                let _ = write!(
                    header,
                    r#"<line class="g-tick minor" x1="{left:.1}" x2="{left:.1}" y1="22" y2="40"/><text class="g-week" x="{:.1}" y="34">{}</text>"#,
                    left + 3.0,
                    day.day()
                );
            }
            _ => {}
        }
        day = day.tomorrow().unwrap_or(day);
    }
    header.push_str("</svg>");

    // The body: weekends, rows, today, baselines, bars, arrows.
    let mut body = String::with_capacity(g.bars.len() * 400 + 4096);
    let _ = write!(
        body,
        r#"<svg class="gantt-body" xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" role="img" aria-label="Gantt chart"><defs><marker id="g-head" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L6,3 L0,6 z" class="g-head"/></marker></defs>"#
    );
    if matches!(g.zoom, Zoom::Day | Zoom::Week) {
        let mut day = origin;
        for i in 0..span_days {
            if day.weekday() == Weekday::Saturday {
                let _ = write!(
                    body,
                    r#"<rect class="g-weekend" x="{:.1}" y="0" width="{:.1}" height="{height:.0}"/>"#,
                    i as f64 * px,
                    2.0 * px
                );
            }
            day = day.tomorrow().unwrap_or(day);
        }
    }
    for i in (0..g.bars.len()).step_by(2) {
        let _ = write!(
            body,
            r#"<rect class="g-stripe" x="0" y="{:.0}" width="{width:.0}" height="{ROW:.0}"/>"#,
            i as f64 * ROW
        );
    }
    let today = x(Moment {
        date: g.today,
        minute: 0,
    });
    let _ = write!(
        body,
        r#"<line class="g-today" x1="{today:.1}" x2="{today:.1}" y1="0" y2="{height:.0}"><title>Today, {}</title></line>"#,
        g.today
    );
    for (row, b) in g.bars.iter().enumerate() {
        let top = row as f64 * ROW;
        let (x1, x2) = (x(b.start), x(b.finish).max(x(b.start)));
        let crit = if b.critical { " crit" } else { "" };
        let done = if b.done { " done" } else { "" };
        if let Some((bs, bf)) = b.baseline {
            let _ = write!(
                body,
                r#"<rect class="g-base" x="{:.1}" y="{:.1}" width="{:.1}" height="4"/>"#,
                x(bs),
                top + ROW - 7.0,
                (x(bf) - x(bs)).max(2.0)
            );
        }
        let _ = write!(
            body,
            r#"<a href="{}" class="g-row" data-key="{}"><title>{} {}: {} to {}{}</title>"#,
            escape(&b.href),
            escape(&b.key),
            escape(&b.key),
            escape(&b.title),
            b.start,
            b.finish,
            if b.critical { " (critical)" } else { "" }
        );
        match b.shape {
            Shape::Milestone => {
                let cy = top + ROW / 2.0;
                let _ = write!(
                    body,
                    r#"<path class="g-ms{crit}{done}" d="M{x2:.1},{:.1} l7,7 l-7,7 l-7,-7 z"/>"#,
                    cy - 7.0
                );
            }
            Shape::Summary => {
                let _ = write!(
                    body,
                    r#"<path class="g-sum{crit}" d="M{x1:.1},{:.1} H{x2:.1} v10 l-5,-4 H{:.1} l-5,4 z"/>"#,
                    top + 8.0,
                    x1 + 5.0
                );
            }
            Shape::Task => {
                let _ = write!(
                    body,
                    r#"<rect class="g-bar{crit}{done}" x="{x1:.1}" y="{:.1}" width="{:.1}" height="14" rx="3"/>"#,
                    top + 6.0,
                    (x2 - x1).max(2.0)
                );
            }
        }
        body.push_str("</a>");
    }
    for a in &g.arrows {
        let (Some(from), Some(to)) = (g.bars.get(a.from), g.bars.get(a.to)) else {
            continue;
        };
        let out = match a.kind {
            DepType::FinishToStart | DepType::FinishToFinish => x(from.finish),
            DepType::StartToStart | DepType::StartToFinish => x(from.start),
        };
        let into = match a.kind {
            DepType::FinishToStart | DepType::StartToStart => x(to.start),
            DepType::FinishToFinish | DepType::StartToFinish => x(to.finish),
        };
        let y1 = a.from as f64 * ROW + ROW / 2.0;
        let y2 = a.to as f64 * ROW + ROW / 2.0;
        let crit = if from.critical && to.critical {
            " crit"
        } else {
            ""
        };
        let _ = write!(
            body,
            r#"<path class="g-arrow{crit}" d="M{out:.1},{y1:.1} h5 V{y2:.1} H{:.1}" marker-end="url(#g-head)"/>"#,
            into - 1.0
        );
    }
    body.push_str("</svg>");
    Drawn {
        header,
        body,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: i8, hour: u16) -> Moment {
        Moment {
            date: Date::constant(2027, 2, day),
            minute: hour * 60,
        }
    }

    #[test]
    fn bars_milestones_arrows_and_today_are_drawn_where_their_dates_are() {
        let g = Gantt {
            bars: vec![
                Bar {
                    key: "NJ-1".into(),
                    title: "Blockout <hangar>".into(),
                    start: at(1, 8),
                    finish: at(3, 17),
                    shape: Shape::Task,
                    critical: true,
                    done: false,
                    baseline: Some((at(1, 8), at(2, 17))),
                    href: "/items/NJ-1".into(),
                },
                Bar {
                    key: "NJ-2".into(),
                    title: "Alpha".into(),
                    start: at(3, 17),
                    finish: at(3, 17),
                    shape: Shape::Milestone,
                    critical: true,
                    done: false,
                    baseline: None,
                    href: "/items/NJ-2".into(),
                },
            ],
            arrows: vec![Arrow {
                from: 0,
                to: 1,
                kind: DepType::FinishToStart,
            }],
            today: Date::constant(2027, 2, 2),
            zoom: Zoom::Day,
        };
        let d = draw(&g);
        // The axis starts on Monday 2027-01-25 (three days before, back to a Monday).
        // 2027-02-01 08:00 is 7 days and a third in: 7.333 * 32 = 234.7.
        assert!(
            d.body.contains(r#"<rect class="g-bar crit" x="234.7""#),
            "{}",
            d.body
        );
        assert!(
            d.body.contains("Blockout &lt;hangar&gt;"),
            "titles are escaped"
        );
        assert!(d.body.contains(r#"class="g-ms crit""#));
        assert!(d.body.contains(r#"class="g-base""#));
        assert!(d.body.contains(r#"class="g-arrow crit""#));
        // Today, 2027-02-02, is 8 days in.
        assert!(
            d.body.contains(r#"<line class="g-today" x1="256.0""#),
            "{}",
            d.body
        );
        assert!(d.header.contains("Jan 2027") && d.header.contains("Feb 2027"));
        assert_eq!(d.height, 2.0 * ROW);
    }

    #[test]
    fn zooming_out_shrinks_the_axis_and_drops_day_labels() {
        let mut g = Gantt {
            bars: Vec::new(),
            arrows: Vec::new(),
            today: Date::constant(2027, 2, 2),
            zoom: Zoom::Quarter,
        };
        let quarter = draw(&g);
        g.zoom = Zoom::Day;
        let day = draw(&g);
        assert!(day.width > quarter.width);
        assert!(!quarter.header.contains("g-day"));
    }
}
