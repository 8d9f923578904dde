//! How large the stage is drawn, and in what shape: watched as the window,
//! the frame or the panels beside the stage change its size, so that the
//! stage's frame takes the box's shape (see [`Frame::fitted`]) and its
//! labels are laid out for the pixels they get.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::model::geometry::Frame;

#[wasm_bindgen(inline_js = r#"
export function watch_size(svg, report) {
  const measure = () => {
    const r = svg.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) report(r.width, r.height);
  };
  new ResizeObserver(measure).observe(svg);
  measure();
}
"#)]
extern "C" {
    fn watch_size(svg: &web_sys::Element, report: &Closure<dyn FnMut(f64, f64)>);
}

/// The stage's frame and its scale (CSS pixels per stage unit), once `svg`
/// is on the page (the default frame at scale 1 until then).
pub(crate) fn stage_scale(svg: NodeRef<leptos::svg::Svg>) -> ReadSignal<(Frame, f64)> {
    let (size, set_size) = signal((Frame::DEFAULT, 1.0));
    Effect::new(move |watching: Option<bool>| {
        if watching == Some(true) {
            return true;
        }
        let Some(svg) = svg.get() else {
            return false;
        };
        let report = Closure::<dyn FnMut(f64, f64)>::new(move |width: f64, height: f64| {
            let frame = Frame::fitted(width, height);
            let scale = frame.scale(width, height);
            // Within 1 % is the same layout (see `StageLabels::new`).
            if size
                .try_get_untracked()
                .is_some_and(|(was, now)| was != frame || (scale - now).abs() > 0.005 * now)
            {
                let _ = set_size.try_set((frame, scale));
            }
        });
        watch_size(&svg, &report);
        // The stage lives as long as the page: its observer too.
        report.forget();
        true
    });
    size
}
