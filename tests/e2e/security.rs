//! What the window may reach: the app's own origin and nothing else.

use std::time::Duration;

use serde_json::Value;

use crate::util::{run, unlock_with_passphrase, Sandbox};

#[test]
fn nothing_leaves_the_app_origin() {
    run(|| async {
        let sb = Sandbox::new()?;
        sb.seed(|_| Ok(()))?;
        let app = sb.launch().await?;
        unlock_with_passphrase(&app).await?;
        // WebKit keeps Resource Timing entries for http(s) loads but none
        // for the app's own tauri:// scheme: this list holds only the
        // document. It stays as the check that nothing came over http(s).
        let urls = app
            .js("return performance.getEntriesByType('resource').map(e => e.name).concat(performance.getEntriesByType('navigation').map(e => e.name));")
            .await?;
        let mut urls: Vec<String> = serde_json::from_value(urls)?;
        assert!(urls.iter().any(|u| is_app_origin(u)), "{urls:?}");
        // What the app's protocol served (noted by the e2e build) shows the
        // page's own loads: the stylesheet, the main script, a view module.
        let served = std::fs::read_to_string(sb.asset_log())?;
        let served: Vec<String> = served.lines().map(str::to_owned).collect();
        for own in ["/css/app.css", "/js/main.js", "/js/views/home.js"] {
            assert!(
                served.iter().any(|u| u.ends_with(own)),
                "no {own} among what the app served: {served:?}"
            );
        }
        urls.extend(served);
        // Every URL the document refers to resolves to the app's origin too.
        let refs = app
            .js("return Array.from(document.querySelectorAll('[src],[href]')).map(e => e.src || e.href);")
            .await?;
        let refs: Vec<String> = serde_json::from_value(refs)?;
        assert!(refs.iter().any(|u| u.ends_with("/css/app.css")), "{refs:?}");
        for u in urls.iter().chain(&refs) {
            assert!(
                is_app_origin(u),
                "loaded from outside the app: {u:?} (performance entries and served: {urls:?}; document: {refs:?})"
            );
        }

        // A remote page is refused, and so is one on this machine: a
        // listener here proves that not even a connection was made.
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        for target in [
            format!("http://127.0.0.1:{port}/"),
            "https://example.com/".to_owned(),
        ] {
            app.c()
                .execute(
                    "location.href = arguments[0]; return null;",
                    vec![Value::String(target.clone())],
                )
                .await?;
            tokio::time::sleep(Duration::from_millis(1500)).await;
            match listener.accept() {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Ok((_, from)) => {
                    panic!("the window connected to 127.0.0.1:{port} (from {from}) after {target}")
                }
                Err(e) => return Err(e.into()),
            }
            let here = app.js("return location.href;").await?;
            assert!(
                here.as_str().is_some_and(
                    |u| u == "tauri://localhost" || u.starts_with("tauri://localhost/")
                ),
                "the window navigated to {here} after {target}"
            );
        }
        app.wait("#home").await?;
        app.screenshot("10-navigation-refused").await?;
        app.quit().await
    });
}

/// Whether a URL is the app's own: its pages and its IPC.
fn is_app_origin(u: &str) -> bool {
    u == "tauri://localhost"
        || u.starts_with("tauri://localhost/")
        || u.starts_with("ipc://localhost/")
}
