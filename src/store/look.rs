//! How the page looks: theme, contrast and embedding, shared by the header's
//! tools, the keyboard and the scripting API. `web::look` keeps `<html>` in
//! step with it.

use leptos::prelude::*;

use crate::url::{Address, Theme};

/// The page's look, shared by everything that changes it.
#[derive(Clone, Copy)]
pub struct Look {
    /// Light, dark or the system's choice.
    pub theme: RwSignal<Theme>,
    /// Stronger colours and borders.
    pub high_contrast: RwSignal<bool>,
    /// Shown inside another page: the stage, the essentials and the table.
    pub embed: bool,
}

impl Look {
    /// The look an address asks for.
    pub fn from_address(address: &Address) -> Look {
        Look {
            theme: RwSignal::new(address.theme),
            high_contrast: RwSignal::new(address.high_contrast),
            embed: address.embed,
        }
    }
}

/// Whether the presenter view is on (the stage fills the screen), for the
/// components it changes.
#[derive(Clone, Copy)]
pub struct Presenting(pub RwSignal<bool>);
