//! WebKitGTK settings a private journal does not need, turned off for
//! memory: the resource cache sized for a document viewer (one page, no
//! browsing), no back-forward page cache, no WebGL and no media stream.
//! Hardware acceleration is left as WebKit chooses: with it set to
//! "never", WebKitGTK 2.4x stopped answering snapshots of the page
//! (WebDriver's screenshot hung, nine e2e flows with it), and it saved
//! nothing measurable on the first screen. Measured with
//! `cargo xtask bench --app`, which also launches the app with
//! `KINDRED_WEBVIEW_DEFAULTS=1` (honoured only with the launch trace on)
//! to show what each launch would cost without them.

/// Applies the settings to the main window's web view (Linux).
pub fn tune(window: &tauri::WebviewWindow) {
    if crate::launch_trace::webview_defaults() {
        return;
    }
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|wv| {
        use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
        let view = wv.inner();
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_page_cache(false);
            settings.set_enable_webgl(false);
            settings.set_enable_media_stream(false);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
