//! Lägesbild: the application shared by the server (rendering, server functions, database) and
//! the browser (which hydrates the pages' islands only). The `ssr` feature adds what only the
//! server may hold.

#![recursion_limit = "256"]

mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod models;
pub mod pages;
pub mod policy;
#[cfg(feature = "ssr")]
pub mod server;
pub mod server_fns;

// The translations in `locales/{sv,en}.json` become the `i18n` module at compile time, so a
// missing or misspelt key is a compile error. leptos_i18n 0.6 prefers generating this module
// from a build script, but its build crate pulls in ~200 crates (an ICU data downloader) that we
// never use; the macro does the same job.
#[expect(deprecated)]
mod i18n_module {
    leptos_i18n::load_locales!();
}
pub use i18n_module::i18n;

pub use app::{App, shell};

/// Recompile when a translation changes (the macro reads the files but cargo does not know).
const _: (&str, &str) = (
    include_str!("../locales/sv.json"),
    include_str!("../locales/en.json"),
);
