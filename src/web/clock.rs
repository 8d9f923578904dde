//! The wall clock, read once per run: its start, so `detected_at` reads as
//! the time a detection happened. The store is handed this function rather
//! than reading the browser itself.

/// Milliseconds since the Unix epoch (0 off the browser, where tests pin
/// the start themselves).
pub fn wall_clock_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}
