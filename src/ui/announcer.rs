//! The screen reader's announcer: proposals, detections and decisions, in
//! words, as they happen.

use leptos::prelude::*;

use crate::store::Lab;
use crate::text::news::{news_in, News};

/// A visually hidden live region that reads out proposals, detections and
/// decisions as they happen.
#[component]
pub fn Announcer() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let spoken = RwSignal::new(String::new());
    lab.on_untold(
        |run, from| news_in(run.shown().trace(), from),
        move |news| {
            if news.is_empty() {
                return;
            }
            // A whole round can land in one frame at high speed: say the
            // gist, not fifty sentences.
            const MOST: usize = 4;
            let mut sentences: Vec<String> = news.iter().take(MOST).map(News::sentence).collect();
            if news.len() > MOST {
                sentences.push(format!("And {} more.", news.len() - MOST));
            }
            spoken.set(sentences.join(" "));
        },
    );
    view! {
        <div id="announcer" class="visually-hidden" role="status" aria-live="polite">
            {move || spoken.get()}
        </div>
    }
}
