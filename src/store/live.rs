//! The live view's state: the recording of a real cluster behind signals,
//! the trace built from it (at most once a frame, however many events
//! arrive), the cluster's clock and the moment on screen.
//!
//! No browser code here: the web layer hands in each line a node sent, the
//! local wall clock and the documents it fetched.

use std::sync::Arc;

use byzscope_core::{DetectionsDocument, StatusDocument, Trace};
use leptos::prelude::*;

use crate::model::live::{Recording, Taken, LAG_MS, SETTLE_MS};
use crate::model::numbers::clamp;
use crate::model::palette::Palette;

/// The most problems the page lists at once; older ones scroll away.
const MAX_PROBLEMS: usize = 6;

/// The trace of the recording and the colours of its values.
#[derive(Clone, Debug, Default)]
pub struct Built {
    /// The run so far.
    pub trace: Trace,
    /// Each value's colour and shape, in order of first appearance.
    pub palette: Palette,
}

/// The live view's shared state.
#[derive(Clone, Copy)]
pub struct Watch {
    /// What the nodes reported, and how each answers.
    pub recording: RwSignal<Recording>,
    /// The trace built from it, as of the last frame.
    pub built: RwSignal<Arc<Built>>,
    /// The cluster's time now, in ms since the recording's first event.
    pub now: RwSignal<f64>,
    /// Whether the view follows the cluster, [`LAG_MS`] behind.
    pub following: RwSignal<bool>,
    /// The moment shown when not following.
    pub scrub: RwSignal<f64>,
    /// What the nodes sent that the page could not use, in words.
    pub problems: RwSignal<Vec<String>>,
    /// The page's clock minus the cluster's (from the first `hello`), so a
    /// page on another machine still runs the same moment behind.
    skew_ms: StoredValue<Option<f64>>,
    /// Whether the recording changed since the trace was built.
    dirty: StoredValue<bool>,
}

impl Watch {
    /// Watches `urls`; nothing heard yet.
    pub fn new(urls: &[String]) -> Watch {
        Watch {
            recording: RwSignal::new(Recording::new(urls)),
            built: RwSignal::new(Arc::default()),
            now: RwSignal::new(0.0),
            following: RwSignal::new(true),
            scrub: RwSignal::new(0.0),
            problems: RwSignal::new(Vec::new()),
            skew_ms: StoredValue::new(None),
            dirty: StoredValue::new(false),
        }
    }

    /// Takes one line from watched node `at`, heard at `local_ms` (the
    /// page's wall clock). A line the page cannot use is listed as a
    /// problem and changes nothing.
    pub fn take(&self, at: usize, line: &str, local_ms: f64) -> Option<Taken> {
        // Most lines change nothing the side panels show (who answers,
        // the documents): only a `hello` tells them. The drawing follows
        // the trace, rebuilt once a frame.
        let result = self
            .recording
            .try_update_untracked(|recording| recording.take(at, line))?;
        if let Ok(Taken::Hello { .. }) = result {
            self.recording.notify();
        }
        match result {
            Ok(taken) => {
                if let Taken::Hello { .. } = taken {
                    if self.skew_ms.get_value().is_none() {
                        let hello_ms = self.recording.with_untracked(|recording| {
                            recording.watched.get(at)?.hello.as_ref().map(|h| h.at_ms)
                        });
                        if let Some(hello_ms) = hello_ms {
                            self.skew_ms.set_value(Some(local_ms - hello_ms as f64));
                        }
                    }
                }
                if taken != Taken::Repeated {
                    self.dirty.set_value(true);
                }
                Some(taken)
            }
            Err(why) => {
                let url = self.url(at);
                self.problem(format!("{url} sent {why}; the page ignored it."));
                None
            }
        }
    }

    /// Lists a problem for the viewer, once.
    pub fn problem(&self, text: String) {
        self.problems.update(|problems| {
            if !problems.contains(&text) {
                problems.push(text);
                if problems.len() > MAX_PROBLEMS {
                    problems.remove(0);
                }
            }
        });
    }

    /// Watched node `at`'s base URL.
    pub fn url(&self, at: usize) -> String {
        self.recording.with_untracked(|recording| {
            recording
                .watched
                .get(at)
                .map(|watched| watched.url.clone())
                .unwrap_or_default()
        })
    }

    /// Node `at` stopped answering; returns how many times in a row.
    pub fn mark_down(&self, at: usize) -> u32 {
        self.recording
            .try_update(|recording| recording.mark_down(at))
            .unwrap_or(0)
    }

    /// Node `at`'s `/status`, as fetched.
    pub fn set_status(&self, at: usize, status: StatusDocument) {
        self.recording.update(|recording| {
            if let Some(watched) = recording.watched.get_mut(at) {
                watched.status = Some(status);
            }
        });
    }

    /// Node `at`'s `/detections`, as fetched.
    pub fn set_detections(&self, at: usize, detections: DetectionsDocument) {
        self.recording.update(|recording| {
            if let Some(watched) = recording.watched.get_mut(at) {
                watched.detections = Some(detections);
            }
        });
    }

    /// One frame at the page's wall clock `local_ms`: rebuilds the trace if
    /// events arrived, moves the cluster's clock, and says whether anything
    /// may still move (messages travel, or the view has not caught up with
    /// the last event yet).
    pub fn frame(&self, local_ms: f64) -> bool {
        if self.dirty.get_value() {
            self.dirty.set_value(false);
            let built = self.recording.with_untracked(|recording| {
                let trace = recording.trace();
                let mut palette = Palette::default();
                for envelope in &trace.messages {
                    palette.assign(&envelope.message.statement.value);
                }
                Built { trace, palette }
            });
            self.built.set(Arc::new(built));
        }
        let (origin, latest) = self
            .recording
            .with_untracked(|recording| (recording.origin_ms(), recording.latest_ms()));
        let Some(origin) = origin else {
            return false;
        };
        let cluster_ms = local_ms - self.skew_ms.get_value().unwrap_or(0.0);
        self.now.set((cluster_ms - origin as f64).max(0.0));
        latest.is_some_and(|latest| cluster_ms < latest as f64 + SETTLE_MS)
    }

    /// The moment on screen, in ms of the recording.
    pub fn shown_at(&self) -> f64 {
        if self.following.get() {
            (self.now.get() - LAG_MS).max(0.0)
        } else {
            self.scrub.get()
        }
    }

    /// How far the timeline reaches: the moment the view follows, or the
    /// last event if that is later.
    pub fn end(&self) -> f64 {
        let last = self.built.with(|built| {
            built
                .trace
                .events
                .last()
                .map_or(0.0, |event| event.at as f64)
        });
        (self.now.get() - LAG_MS).max(last).max(0.0)
    }

    /// Shows moment `at` of the recording and stops following.
    pub fn seek(&self, at: f64) {
        let end = self.end();
        self.scrub.set(clamp(at, 0.0, end));
        self.following.set(false);
    }

    /// Follows the cluster again.
    pub fn follow(&self) {
        self.following.set(true);
    }
}
