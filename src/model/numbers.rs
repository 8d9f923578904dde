//! Numbers as text for SVG attributes and labels, with integer arithmetic:
//! `f64`'s own `Display` and `{:.N}` pull two float-printing algorithms
//! (about 15 KB) into the wasm, for output no one can tell apart.

/// `x` with exactly `decimals` decimals, rounded half away from zero.
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return "0".to_owned();
    }
    let scale = 10u64.pow(decimals);
    let scaled = (x.abs() * scale as f64).round() as u64;
    let sign = if x.is_sign_negative() && scaled != 0 {
        "-"
    } else {
        ""
    };
    let (whole, fraction) = (scaled / scale, scaled % scale);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{fraction:0width$}",
            width = decimals as usize
        )
    }
}

/// `x` to two decimals with trailing zeros dropped (`1400`, `0.35`,
/// `-12.5`): what SVG attributes get.
pub fn num(x: f64) -> String {
    let text = fixed(x, 2);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// Reads a plain decimal such as `2`, `0.25` or `10.0` (no sign, no
/// exponent): all a speed in an address needs, without `f64`'s `FromStr` (4 KB
/// of wasm for inputs like `1e-3` that nobody types).
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.len() <= 9 && part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole = if whole.is_empty() {
        0
    } else {
        whole.parse::<u32>().ok()?
    };
    let fraction = if fraction.is_empty() {
        0.0
    } else {
        f64::from(fraction.parse::<u32>().ok()?) / 10f64.powi(fraction.len() as i32)
    };
    Some(f64::from(whole) + fraction)
}

/// `x` limited to `min..=max`, as `f64::clamp` gives it (a NaN `x` stays
/// NaN) but without its check that `min <= max`: that check's panic prints
/// both bounds with `Debug`, which alone brings float printing back into
/// the wasm whenever a bound is not a constant.
pub fn clamp(x: f64, min: f64, max: f64) -> f64 {
    let mut x = x;
    if x < min {
        x = min;
    }
    if x > max {
        x = max;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamping_is_f64s() {
        for (x, min, max) in [
            (-1.0, 0.0, 5.0),
            (2.5, 0.0, 5.0),
            (9.0, 0.0, 5.0),
            (3.0, 0.0, 0.0),
        ] {
            assert_eq!(clamp(x, min, max), f64::clamp(x, min, max));
        }
        assert!(clamp(f64::NAN, 0.0, 5.0).is_nan());
    }

    #[test]
    fn plain_decimals_are_read() {
        assert_eq!(parse_decimal("2"), Some(2.0));
        assert_eq!(parse_decimal("0.25"), Some(0.25));
        assert_eq!(parse_decimal(".5"), Some(0.5));
        assert_eq!(parse_decimal("10."), Some(10.0));
        for bad in [
            "",
            ".",
            "-1",
            "1e3",
            "NaN",
            "inf",
            "1.2.3",
            " 1",
            "1234567890",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn fixed_rounds_to_the_decimals_asked() {
        assert_eq!(fixed(1.2345, 3), "1.235");
        assert_eq!(fixed(0.25, 2), "0.25");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-12.5, 1), "-12.5");
        assert_eq!(fixed(7.0, 0), "7");
        assert_eq!(fixed(f64::NAN, 2), "0");
    }

    #[test]
    fn num_drops_trailing_zeros() {
        assert_eq!(num(1400.0), "1400");
        assert_eq!(num(0.35), "0.35");
        assert_eq!(num(-12.5), "-12.5");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(100.004), "100");
    }
}
