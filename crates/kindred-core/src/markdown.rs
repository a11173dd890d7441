//! Markdown → HTML that is safe to show inside the app window.
//!
//! pulldown-cmark renders CommonMark (plus tables, strikethrough and task
//! lists). Raw HTML in what the user wrote is shown as text, never passed
//! through. The result then goes through ammonia's allow-list, which drops
//! scripts, event attributes and styles, and — because nothing may leave
//! the machine — removes links and images (their text stays), so a preview
//! can neither load nor open anything.

use pulldown_cmark::{html, Event, Options, Parser};

/// Renders `markdown` to sanitized HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    ammonia::Builder::default()
        .rm_tags(["a", "img"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_common_markdown() {
        let html = to_safe_html("# Day\n\nA *good* walk with **Sam**.\n\n- one\n- two\n");
        assert!(html.contains("<h1>Day</h1>"), "{html}");
        assert!(html.contains("<em>good</em>"), "{html}");
        assert!(html.contains("<strong>Sam</strong>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
    }

    #[test]
    fn raw_html_and_scripts_never_survive() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\nhi <b onclick=\"x()\">b</b>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b onclick"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        // Shown as text instead.
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn links_and_images_keep_only_their_text() {
        let html = to_safe_html(
            "[a site](https://example.com) ![pic](https://example.com/p.png) <https://example.org>",
        );
        assert!(!html.contains("href"), "{html}");
        assert!(!html.contains("src"), "{html}");
        assert!(!html.contains("example.com"), "{html}");
        assert!(html.contains("a site"), "{html}");
    }

    #[test]
    fn javascript_urls_are_dropped() {
        let html = to_safe_html("[x](javascript:alert(1))");
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn task_lists_render_as_disabled_checkboxes() {
        let html = to_safe_html("- [x] called Mum\n- [ ] write back");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("disabled"), "{html}");
    }
}
