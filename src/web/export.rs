//! Getting documents out of the page: onto the clipboard or into a file,
//! saying how it went.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Puts `text` on the clipboard. Fails where the page may not write to it
/// (an insecure origin, a denied permission).
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(|error| {
        error
            .as_string()
            .or_else(|| {
                error
                    .dyn_ref::<js_sys::Error>()
                    .map(|error| String::from(error.message()))
            })
            .unwrap_or_else(|| "the browser refused".to_owned())
    })
}

/// Offers `text` as a file called `name` of type `mime` for download.
pub fn download_as(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |error: JsValue| format!("{error:?}");
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(fail)?;
    Ok(())
}

/// Where an export says how it went: a line beside its button.
pub type Feedback = leptos::prelude::RwSignal<Option<String>>;

/// Copies `text` (the `what`, such as "link" or "detections JSON") and says
/// in `feedback` how it went.
pub fn copy_telling(what: &'static str, text: String, feedback: Feedback) {
    use leptos::prelude::Set;
    leptos::task::spawn_local(async move {
        feedback.set(Some(match copy(&text).await {
            Ok(()) => format!("Copied the {what}."),
            Err(why) => format!("Could not copy the {what}: {why}."),
        }));
    });
}

/// Offers `text` as a file called `name` of type `mime`, and says in
/// `feedback` how it went.
pub fn download_telling(name: &str, mime: &str, text: &str, feedback: Feedback) {
    use leptos::prelude::Set;
    feedback.set(Some(match download_as(name, mime, text) {
        Ok(()) => format!("Downloaded {name}."),
        Err(why) => format!("Could not download {name}: {why}."),
    }));
}

/// The type of a JSON file.
pub const JSON: &str = "application/json";
