//! The built site's files under names that carry their content (`/pkg/lagesbild.css` is linked
//! as `/pkg/lagesbild.3f9a…c1.css`), so that browsers may keep them for a year without asking
//! again: a new build gives new names. Read once when the server starts.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// How a response for a file with a content name may be kept: a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The site's files by address and by content name.
#[derive(Debug, Default)]
pub struct Assets {
    /// `/pkg/lagesbild.css` → `/pkg/lagesbild.<hash>.css`.
    named: HashMap<String, String>,
    /// The reverse: content name → the file's own address.
    files: HashMap<String, String>,
    /// The name of the WebAssembly bundle and its script for `HydrationScripts`, which adds
    /// `.js` and `.wasm` itself: `lagesbild.<hash of both>`.
    bundle: Option<String>,
}

impl Assets {
    /// Every file under `site_root` (but the `.gz` and `.br` copies made beside them), with the
    /// bundle `output_name` in `pkg_dir`. A missing site root gives no content names: pages
    /// then link the files by their own addresses.
    pub fn scan(site_root: &Path, pkg_dir: &str, output_name: &str) -> std::io::Result<Assets> {
        let mut assets = Assets::default();
        if !site_root.is_dir() {
            return Ok(assets);
        }
        let mut hashes = HashMap::new();
        let mut pending = vec![site_root.to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let Some(address) = address(site_root, &path) else {
                    continue;
                };
                if address.ends_with(".gz") || address.ends_with(".br") {
                    continue;
                }
                let bytes = std::fs::read(&path)?;
                hashes.insert(address, Sha256::digest(&bytes));
            }
        }
        let script = format!("/{pkg_dir}/{output_name}.js");
        let wasm = format!("/{pkg_dir}/{output_name}.wasm");
        if let (Some(script_hash), Some(wasm_hash)) = (hashes.remove(&script), hashes.remove(&wasm))
        {
            let both = hex(&Sha256::new()
                .chain_update(script_hash)
                .chain_update(wasm_hash)
                .finalize());
            for file in [script, wasm] {
                assets.add(file, &both);
            }
            assets.bundle = Some(format!("{output_name}.{both}"));
        }
        for (file, hash) in hashes {
            assets.add(file, &hex(&hash));
        }
        Ok(assets)
    }

    /// [`Assets::scan`] of the site `options` describe.
    pub fn of_site(options: &leptos::config::LeptosOptions) -> std::io::Result<Assets> {
        Assets::scan(
            Path::new(options.site_root.as_ref()),
            &options.site_pkg_dir,
            &options.output_name,
        )
    }

    fn add(&mut self, file: String, hash: &str) {
        let named = content_name(&file, hash);
        self.files.insert(named.clone(), file.clone());
        self.named.insert(file, named);
    }

    /// The address to link the file at `address` by (its content name when it has one).
    pub fn href(&self, address: &str) -> String {
        self.named
            .get(address)
            .cloned()
            .unwrap_or_else(|| address.to_owned())
    }

    /// The file's own address, when `address` is one of the content names.
    pub fn file(&self, address: &str) -> Option<&str> {
        self.files.get(address).map(String::as_str)
    }

    /// The bundle's name with its content hash, if the site has a bundle.
    pub fn bundle(&self) -> Option<&str> {
        self.bundle.as_deref()
    }
}

/// `path`'s address on the site (`/pkg/lagesbild.css`), if it is valid UTF-8.
fn address(site_root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(site_root).ok()?;
    let parts: Option<Vec<&str>> = relative.iter().map(|part| part.to_str()).collect();
    Some(format!("/{}", parts?.join("/")))
}

/// `/pkg/lagesbild.css` with `hash` → `/pkg/lagesbild.<hash>.css`.
fn content_name(address: &str, hash: &str) -> String {
    let name_start = address.rfind('/').map_or(0, |slash| slash + 1);
    match address[name_start..].find('.') {
        Some(dot) => {
            let (stem, extension) = address.split_at(name_start + dot);
            format!("{stem}.{hash}{extension}")
        }
        None => format!("{address}.{hash}"),
    }
}

/// The first 16 bytes of a digest in hexadecimal: names stay short and never collide in
/// practice.
fn hex(digest: &[u8]) -> String {
    digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_named_by_its_content_and_the_bundle_by_both_of_its_files() {
        let site = tempfile::tempdir().expect("a directory");
        let root = site.path();
        std::fs::create_dir_all(root.join("pkg")).expect("pkg");
        std::fs::create_dir_all(root.join("vendor")).expect("vendor");
        std::fs::write(root.join("pkg/lagesbild.js"), "script").expect("a file");
        std::fs::write(root.join("pkg/lagesbild.wasm"), "wasm").expect("a file");
        std::fs::write(root.join("pkg/lagesbild.css"), "body {}").expect("a file");
        std::fs::write(root.join("pkg/lagesbild.css.br"), "compressed").expect("a file");
        std::fs::write(root.join("vendor/echarts.min.js"), "charts").expect("a file");

        let assets = Assets::scan(root, "pkg", "lagesbild").expect("scanned");
        let css = assets.href("/pkg/lagesbild.css");
        assert!(
            css.starts_with("/pkg/lagesbild.") && css.ends_with(".css") && css.len() == 51,
            "{css}"
        );
        assert_eq!(assets.file(&css), Some("/pkg/lagesbild.css"));
        let bundle = assets.bundle().expect("a bundle");
        assert_eq!(
            assets.href("/pkg/lagesbild.js"),
            format!("/pkg/{bundle}.js")
        );
        assert_eq!(
            assets.href("/pkg/lagesbild.wasm"),
            format!("/pkg/{bundle}.wasm")
        );
        assert!(
            assets
                .href("/vendor/echarts.min.js")
                .starts_with("/vendor/echarts.")
        );
        assert!(assets.href("/vendor/echarts.min.js").ends_with(".min.js"));
        assert_eq!(
            assets.href("/pkg/lagesbild.css.br"),
            "/pkg/lagesbild.css.br",
            "copies are not named"
        );
        assert_eq!(
            assets.file("/pkg/lagesbild.css"),
            None,
            "a file's own address is not a content name"
        );

        // Another build of the WebAssembly gives the bundle and its script new names.
        std::fs::write(root.join("pkg/lagesbild.wasm"), "other wasm").expect("a file");
        let rebuilt = Assets::scan(root, "pkg", "lagesbild").expect("scanned");
        assert_ne!(rebuilt.bundle(), assets.bundle());
        assert_ne!(
            rebuilt.href("/pkg/lagesbild.js"),
            assets.href("/pkg/lagesbild.js")
        );
        assert_eq!(rebuilt.href("/pkg/lagesbild.css"), css);
    }

    #[test]
    fn a_site_not_built_links_every_file_by_its_own_address() {
        let assets =
            Assets::scan(Path::new("/nonexistent/site"), "pkg", "lagesbild").expect("no site");
        assert_eq!(assets.href("/pkg/lagesbild.css"), "/pkg/lagesbild.css");
        assert_eq!(assets.bundle(), None);
    }
}
