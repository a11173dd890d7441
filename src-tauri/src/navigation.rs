//! The window may show the app's own pages and nothing else.
//!
//! CSP does not stop a page from navigating away (`location.href = …`
//! loads the remote page, DNS lookup included), so every navigation is
//! checked here, in Rust, before the webview starts it.

use tauri::Url;

/// Whether `url` belongs to the app's own origin: `tauri://localhost` on
/// Linux and macOS, `http(s)://tauri.localhost` on Windows.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost") && url.port().is_none(),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(s: &str) -> bool {
        is_app_url(&Url::parse(s).unwrap())
    }

    #[test]
    fn the_apps_own_pages_are_allowed() {
        assert!(allowed("tauri://localhost"));
        assert!(allowed("tauri://localhost/index.html"));
        assert!(allowed("tauri://localhost/index.html#/journal"));
        assert!(allowed("http://tauri.localhost/index.html"));
    }

    #[test]
    fn everything_else_is_refused() {
        for url in [
            "https://example.com/",
            "http://localhost:8080/",
            "http://127.0.0.1/",
            "tauri://localhost.example.com/",
            "tauri://evil/",
            "http://tauri.localhost.example.com/",
            "http://tauri.localhost:1234/",
            "file:///etc/passwd",
            "data:text/html,hi",
            "javascript:alert(1)",
            "about:blank",
            "ftp://tauri.localhost/",
        ] {
            assert!(!allowed(url), "{url} must be refused");
        }
    }
}
