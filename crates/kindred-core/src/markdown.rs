//! Markdown → HTML that is safe to show inside the app window.
//!
//! pulldown-cmark renders CommonMark (plus tables, strikethrough and task
//! lists). Raw HTML in what the user wrote is shown as text, never passed
//! through. The result then goes through ammonia's allow-list, which drops
//! scripts, event attributes and styles, and — because nothing may leave
//! the machine — removes links and images (their text stays), so a preview
//! can neither load nor open anything. The one image kept is a reference
//! to one of the vault's own attachments, `![…](attachment:<id>)`, drawn
//! from the app's `kindred-blob:` scheme (which answers only while the
//! vault is unlocked).

use std::collections::HashSet;

use ammonia::UrlRelative;
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Where the window loads attachment `id` from.
pub fn attachment_url(id: i64) -> String {
    format!("kindred-blob://localhost/{id}")
}

/// The attachment id of an `attachment:<id>` reference.
fn attachment_id(url: &str) -> Option<i64> {
    let id = url.strip_prefix("attachment:")?;
    if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse().ok()
}

/// Renders `markdown` to sanitized HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    // Images that are not attachments lose their tag (their alt text
    // stays); attachments point at the scheme.
    let mut dropped: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => match attachment_id(&dest_url) {
            Some(n) => {
                dropped.push(false);
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(attachment_url(n)),
                    title,
                    id,
                }))
            }
            None => {
                dropped.push(true);
                None
            }
        },
        Event::End(TagEnd::Image) => {
            if dropped.pop().unwrap_or(true) {
                None
            } else {
                Some(Event::End(TagEnd::Image))
            }
        }
        other => Some(other),
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    ammonia::Builder::default()
        .rm_tags(["a"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .url_schemes(HashSet::from(["kindred-blob"]))
        .url_relative(UrlRelative::Deny)
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
    fn attachment_references_become_pictures_from_the_scheme_and_nothing_else_does() {
        let html = to_safe_html("![the pier](attachment:12) and ![x](attachment:12abc)");
        assert!(
            html.contains("<img src=\"kindred-blob://localhost/12\" alt=\"the pier\""),
            "{html}"
        );
        assert_eq!(html.matches("<img").count(), 1, "{html}");
        // Raw HTML naming the scheme, relative paths and other schemes are
        // no pictures.
        for text in [
            "<img src=\"kindred-blob://localhost/3\">",
            "![a](pier.png)",
            "![a](file:///etc/passwd)",
            "![a](data:image/png;base64,AAAA)",
            "![a](kindred-blob://localhost/3)",
        ] {
            let html = to_safe_html(text);
            assert!(!html.contains("<img"), "{text}: {html}");
        }
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
