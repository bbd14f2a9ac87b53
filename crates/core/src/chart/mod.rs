//! Charts drawn by our own code, as SVG text: pure functions from values to markup.

pub mod gantt;
