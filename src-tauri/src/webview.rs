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
//!
//! Spell check: WebKitGTK has it off; here it is on, in the languages of
//! the system locale (through Enchant, with the hunspell dictionaries the
//! set-up installs), unless the vault's user turned it off in Settings.
//! The dictionaries (8 MB of the app process, measured by `cargo xtask
//! bench --app`) are loaded only when they are first needed: when an
//! editor takes the focus, or Settings shows what WebKit checks with
//! (the page's `need_spell_check`). Unlocking applies the vault's setting
//! but loads nothing, so a locked app (waiting in the tray, or at the
//! first screen) and an unlocked one that is only read keep no
//! dictionary in memory.

/// The variable that turns WebKitGTK's DMA-BUF renderer off.
const DMABUF_RENDERER_OFF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// The page is painted on the CPU and handed to the window in shared
/// memory, not through the GPU. With WebKitGTK's default renderer on a
/// machine that draws GL in software (Mesa's llvmpipe: a virtual machine,
/// a remote desktop, no GPU driver), the web process of the first screen
/// measured 213 MB against 108 MB this way; on NVIDIA's driver that
/// renderer is known to leave the window blank. A journal's pages of text
/// need no GPU. A user who set the variable (`0` turns the renderer back
/// on) is left alone. (WebKit's own snapshot of the page, which
/// WebDriver's screenshot uses, sometimes never answers this way, so the
/// e2e suite takes its pictures from the X server.) Called first thing in
/// `main`, before any thread is started and before GTK and WebKit read
/// the environment; WebKit's processes inherit it.
pub fn choose_renderer() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(DMABUF_RENDERER_OFF).is_none() {
        std::env::set_var(DMABUF_RENDERER_OFF, "1");
    }
}

/// Applies the settings to the main window's web view and to the web
/// context all windows share (Linux).
pub fn tune(window: &tauri::WebviewWindow) {
    if crate::launch_trace::webview_defaults() {
        return;
    }
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|wv| {
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        if let Some(context) = wv.inner().context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    tune_view(window);
}

/// Applies the settings of one web view only (another window's: the
/// shared context, spell check included, stays as the main window set it).
pub fn tune_view(window: &tauri::WebviewWindow) {
    if crate::launch_trace::webview_defaults() {
        return;
    }
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|wv| {
        use webkit2gtk::{SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&wv.inner()) {
            settings.set_enable_page_cache(false);
            settings.set_enable_webgl(false);
            settings.set_enable_media_stream(false);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// The vault setting that turns spell check off ("off"; on otherwise).
pub const SPELL_CHECK_KEY: &str = "app.spell_check";

/// Whether the vault's user wants spell check (on unless turned off).
pub fn spell_check_of(vault: &kindred_core::Vault) -> bool {
    vault.setting(SPELL_CHECK_KEY).ok().flatten().as_deref() != Some("off")
}

/// The spell-check languages of the system locale, in Enchant's form
/// (`en_US`): `LANGUAGE`'s list first, then the first of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` that is set; the C locale means English.
pub fn locale_languages(var: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut names: Vec<String> = var("LANGUAGE")
        .map(|l| l.split(':').map(str::to_owned).collect())
        .unwrap_or_default();
    if let Some(l) = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| var(k))
        .find(|v| !v.is_empty())
    {
        names.push(l);
    }
    let mut out: Vec<String> = Vec::new();
    for name in names {
        // "de_DE.UTF-8@euro" -> "de_DE"
        let lang = name
            .split(['.', '@'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let plain = lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if lang.is_empty() || lang == "C" || lang == "POSIX" || !plain || out.contains(&lang) {
            continue;
        }
        out.push(lang);
    }
    if out.is_empty() {
        out.push("en_US".to_owned());
    }
    out
}

/// Turns spell check on or off in the window's web view (and the
/// context its windows share); the first time on, the dictionaries of the
/// system locale are loaded.
pub fn set_spell_check(window: &tauri::WebviewWindow, on: bool) {
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(move |wv| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        if let Some(context) = wv.inner().context() {
            if on && context.spell_checking_languages().is_empty() {
                let languages = locale_languages(|k| std::env::var(k).ok());
                let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
                context.set_spell_checking_languages(&languages);
            }
            context.set_spell_checking_enabled(on);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = (window, on);
}

/// At unlock: spell check as the vault's user wants it, without loading
/// a dictionary. Off is applied now; on is applied now only if the
/// dictionaries were already loaded (an earlier unlock wrote something),
/// else when [`set_spell_check`] is first asked for by the page.
pub fn at_unlock(window: &tauri::WebviewWindow, on: bool) {
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(move |wv| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        if let Some(context) = wv.inner().context() {
            if !on || !context.spell_checking_languages().is_empty() {
                context.set_spell_checking_enabled(on);
            }
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = (window, on);
}

/// What WebKit itself reports: whether spell check is on, and the
/// languages it loaded a dictionary for. `None` if the web view did not
/// answer (or on other systems).
pub fn spell_check(window: &tauri::WebviewWindow) -> Option<(bool, Vec<String>)> {
    #[cfg(target_os = "linux")]
    {
        let (tx, rx) = std::sync::mpsc::channel();
        window
            .with_webview(move |wv| {
                use webkit2gtk::{WebContextExt, WebViewExt};
                let answer = wv.inner().context().map(|c| {
                    (
                        c.is_spell_checking_enabled(),
                        c.spell_checking_languages()
                            .iter()
                            .map(ToString::to_string)
                            .collect(),
                    )
                });
                let _ = tx.send(answer);
            })
            .ok()?;
        rx.recv_timeout(std::time::Duration::from_secs(5))
            .ok()
            .flatten()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = window;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::locale_languages;

    fn with<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_locale_names_the_dictionaries() {
        assert_eq!(
            locale_languages(with(&[("LANG", "de_DE.UTF-8")])),
            ["de_DE"]
        );
        assert_eq!(
            locale_languages(with(&[("LANG", "en_GB.UTF-8"), ("LC_ALL", "fr_FR@euro")])),
            ["fr_FR"]
        );
        assert_eq!(
            locale_languages(with(&[
                ("LANGUAGE", "pt_BR:en_US"),
                ("LANG", "pt_BR.UTF-8")
            ])),
            ["pt_BR", "en_US"]
        );
        assert_eq!(locale_languages(with(&[("LANG", "")])), ["en_US"]);
    }

    #[test]
    fn the_c_locale_and_odd_values_mean_english() {
        assert_eq!(locale_languages(with(&[])), ["en_US"]);
        assert_eq!(locale_languages(with(&[("LANG", "C.UTF-8")])), ["en_US"]);
        assert_eq!(locale_languages(with(&[("LC_ALL", "POSIX")])), ["en_US"]);
        assert_eq!(locale_languages(with(&[("LANG", "../../x")])), ["en_US"]);
    }
}
