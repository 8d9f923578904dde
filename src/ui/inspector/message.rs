//! The message inspector: what a clicked message carries and by which path.

use byzscope_core::trace::{Action, MessageId};
use byzscope_core::Fate;
use leptos::prelude::*;

use super::Heading;
use crate::store::Lab;
use crate::text::messages::{
    copy, fate as fate_words, heading, path, statement as statement_words,
};
use crate::text::time::time_label;
use crate::ui::chip::ValueChip;

/// A message: its statement, path, times and fate, and a button to drop
/// it while it is in flight.
#[component]
pub(super) fn MessageInspector(id: MessageId) -> impl IntoView {
    let lab = expect_context::<Lab>();
    // Redrawn when the message's fate changes, not at every event.
    let found = Memo::new(move |_| {
        lab.with(|run| {
            let shown = run.shown();
            let envelope = shown.message(id)?.clone();
            let swatch = run.swatch(&envelope.message.statement.value);
            let fate = shown.fate(id)?;
            Some((envelope, swatch, fate))
        })
    });
    move || {
        let Some(found) = found.get() else {
            return view! { <p>"This message is not in the run."</p> }.into_any();
        };
        let (envelope, swatch, fate) = found;
        let in_flight = fate == Fate::InFlight;
        let message = envelope.message;
        let statement = message.statement.clone();
        let path = path(&message);
        let fate = fate_words(fate);
        view! {
            <Heading title=heading(id, &message) />
            <dl class="facts">
                <dt>"statement"</dt>
                <dd>{statement_words(&statement)}</dd>
                <dt>"value"</dt>
                <dd><ValueChip value=statement.value.to_string() swatch /></dd>
                <dt>"copy"</dt>
                <dd>{copy(&message)}</dd>
                <dt>"path"</dt>
                <dd class="path">{path}</dd>
                <dt>"sent"</dt>
                <dd>{time_label(envelope.sent_at as f64)}</dd>
                <dt>"arrives"</dt>
                <dd>{time_label(envelope.deliver_at as f64)}</dd>
                <dt>"fate"</dt>
                <dd>{fate}</dd>
                {in_flight.then(|| view! {
                    <dt>"fault"</dt>
                    <dd>
                        <button
                            id="drop-message"
                            title="Lose this message on the way; the run records it and stays reproducible"
                            on:click=move |_| {
                                let _ = lab.act(&Action::Drop { message: id });
                            }
                        >
                            "Drop this message"
                        </button>
                    </dd>
                })}
                {message
                    .signature
                    .map(|signature| {
                        let hex = byzscope_core::signing::hex(&signature.0);
                        view! {
                            <dt>"signature"</dt>
                            <dd><code class="signature" title=hex.clone()>{format!("{}…", &hex[..hex.len().min(16)])}</code></dd>
                        }
                    })}
            </dl>
        }
            .into_any()
    }
}
