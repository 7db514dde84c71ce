//! The WebAssembly entry point: hydrates the islands of the server-rendered page (the parts
//! marked `#[island]` in `app`), and nothing else.

// The islands are exported by `app`; using it keeps them in the bundle.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Leptos' script hydrates each island right after this returns, within the same task; a
    // task queued now runs once they all are. It marks the page as one whose WebAssembly has
    // run (browser tests and the client benchmark wait for it).
    leptos::prelude::set_timeout(
        || {
            if let Some(root) = leptos::prelude::document().document_element() {
                let _ = root.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
