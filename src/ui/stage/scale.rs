//! How large the stage is drawn: CSS pixels per stage unit, watched as the
//! window, the frame or the panels beside the stage change its size, so the
//! labels can be laid out for the pixels they get.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::model::geometry;

#[wasm_bindgen(inline_js = r#"
export function watch_scale(svg, width, height, report) {
  const measure = () => {
    const r = svg.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) report(Math.min(r.width / width, r.height / height));
  };
  new ResizeObserver(measure).observe(svg);
  measure();
}
"#)]
extern "C" {
    fn watch_scale(
        svg: &web_sys::Element,
        width: f64,
        height: f64,
        report: &Closure<dyn FnMut(f64)>,
    );
}

/// The stage's scale, once `svg` is on the page (1 until then).
pub(crate) fn stage_scale(svg: NodeRef<leptos::svg::Svg>) -> ReadSignal<f64> {
    let (scale, set_scale) = signal(1.0);
    Effect::new(move |watching: Option<bool>| {
        if watching == Some(true) {
            return true;
        }
        let Some(svg) = svg.get() else {
            return false;
        };
        let report = Closure::<dyn FnMut(f64)>::new(move |value: f64| {
            // Within 1 % is the same layout (see `StageLabels::new`).
            if scale
                .try_get_untracked()
                .is_some_and(|now| (value - now).abs() > 0.005)
            {
                let _ = set_scale.try_set(value);
            }
        });
        watch_scale(&svg, geometry::WIDTH, geometry::HEIGHT, &report);
        // The stage lives as long as the page: its observer too.
        report.forget();
        true
    });
    scale
}
