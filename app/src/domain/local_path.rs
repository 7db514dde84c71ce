//! Where to send someone after they sign in or switch language: a path on this site, decided
//! by a URL parser, so that no link can send them to another site (no open redirect).

use std::fmt;

/// A path (with its query) on this site. The only way to make one is [`LocalPath::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

/// The host that stands for this site while a path is resolved; `.invalid` names no real host.
const THIS_SITE: &str = "https://lagesbild.invalid/";

impl LocalPath {
    /// The front page.
    pub fn home() -> LocalPath {
        LocalPath("/".to_owned())
    }

    /// `next` as a path on this site, or `None` when it is anything else: another host
    /// (`//evil.example`, `https://evil.example`), or text a browser would quietly repair
    /// (control characters, whitespace, backslashes), which is how `/\t/evil.example` reaches
    /// another host. What is kept is the path as the parser resolved it, so dot segments
    /// cannot turn it into `//host` either.
    pub fn parse(next: &str) -> Option<LocalPath> {
        let forgiven = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
        if !next.starts_with('/') || next.chars().any(forgiven) {
            return None;
        }
        let site = url::Url::parse(THIS_SITE).ok()?;
        let resolved = site.join(next).ok()?;
        if resolved.origin() != site.origin() || resolved.path().starts_with("//") {
            return None;
        }
        let mut path = resolved.path().to_owned();
        if let Some(query) = resolved.query() {
            path.push('?');
            path.push_str(query);
        }
        Some(LocalPath(path))
    }

    /// `next` as a path on this site, or the front page.
    pub fn or_home(next: &str) -> LocalPath {
        LocalPath::parse(next).unwrap_or_else(LocalPath::home)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LocalPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::LocalPath;

    fn kept(next: &str) -> Option<String> {
        LocalPath::parse(next).map(|path| path.as_str().to_owned())
    }

    #[test]
    fn a_path_on_this_site_is_kept_with_its_query() {
        assert_eq!(kept("/"), Some("/".into()));
        assert_eq!(
            kept("/measures?area=samordning&status=delayed"),
            Some("/measures?area=samordning&status=delayed".into())
        );
        assert_eq!(kept("/counties/01"), Some("/counties/01".into()));
    }

    #[test]
    fn another_host_is_refused_however_it_is_written() {
        for next in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
            "/..//evil.example",
            "/./\t/evil.example",
            "evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(kept(next), None, "{next:?} must not be followed");
        }
    }

    #[test]
    fn dot_segments_are_resolved_before_the_path_is_used() {
        assert_eq!(kept("/measures/../funding"), Some("/funding".into()));
        assert_eq!(kept("/..//evil.example"), None);
    }

    #[test]
    fn anything_else_sends_people_to_the_front_page() {
        assert_eq!(LocalPath::or_home("//evil.example").as_str(), "/");
    }
}
