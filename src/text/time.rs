//! Simulated time and speed as the page writes them.

use crate::model::numbers::fixed;

/// Simulated milliseconds as seconds: `1.234 s`.
pub fn time_label(ms: f64) -> String {
    format!("{} s", fixed(ms / 1000.0, 3))
}

/// Simulated milliseconds as seconds to a tenth: `2.5 s`, for the
/// space-time diagram's ticks and spans.
pub fn seconds(ms: f64) -> String {
    format!("{} s", fixed(ms / 1000.0, 1))
}

/// A tick of the space-time diagram: to a tenth of a second, or to the
/// millisecond where a short window's ticks fall between tenths. Ticks fall
/// on whole milliseconds, so an integer remainder tells (a float one would
/// bring `fmod` into the wasm).
pub fn tick(ms: f64) -> String {
    if ms.fract() == 0.0 && (ms.abs() as u64) % 100 == 0 {
        seconds(ms)
    } else {
        time_label(ms)
    }
}

/// A span of the diagram's menu: `250 ms` below a second, `2.5 s` above.
pub fn span(ms: f64) -> String {
    if ms < 1_000.0 {
        format!("{} ms", fixed(ms, 0))
    } else {
        seconds(ms)
    }
}

/// A speed as the slider shows it: `0.25×`, `1×`, `10×`.
pub fn speed_label(speed: f64) -> String {
    let text = fixed(speed, if speed < 1.0 { 2 } else { 1 });
    format!("{}×", text.trim_end_matches('0').trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_read_naturally() {
        assert_eq!(speed_label(0.1), "0.1×");
        assert_eq!(speed_label(0.25), "0.25×");
        assert_eq!(speed_label(1.0), "1×");
        assert_eq!(speed_label(2.5), "2.5×");
        assert_eq!(speed_label(10.0), "10×");
        assert_eq!(time_label(1234.0), "1.234 s");
        assert_eq!(seconds(2_500.0), "2.5 s");
        assert_eq!(tick(1_200.0), "1.2 s");
        assert_eq!(tick(50.0), "0.050 s");
        assert_eq!(span(250.0), "250 ms");
        assert_eq!(span(2_500.0), "2.5 s");
    }
}
