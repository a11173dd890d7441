//! The Markdown preview: `markdown::to_safe_html`, whose output the app
//! puts into its window.
//!
//! The output is read with html5ever's tokenizer — the HTML5 tokenizing
//! rules a browser follows, which ammonia itself builds on — without the
//! tree builder, so it sees every tag a browser could, and more (inside
//! `<textarea>` or `<title>` a browser sees text; the tokenizer still sees
//! tags). Properties:
//! - only the tags Markdown itself makes (raw HTML is shown as text);
//! - no event handler (`on…`), `style`, `href`, `src` or other attribute
//!   that loads or runs something, and no attribute value that is a
//!   `javascript:`, `vbscript:` or `data:` URL;
//! - no link and no image at all (nothing may leave the machine);
//! - a checkbox is the only input, and it is disabled.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use kindred_core::markdown::to_safe_html;

/// The tags pulldown-cmark writes for the enabled extensions.
const MARKDOWN_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "input",
];

/// Attributes that may appear, and on which tags.
const ATTRIBUTES: &[(&str, &str)] = &[
    ("ol", "start"),
    ("input", "type"),
    ("input", "checked"),
    ("input", "disabled"),
];

/// Runs one input.
pub fn run(data: &[u8]) {
    let markdown = String::from_utf8_lossy(data);
    let html = to_safe_html(&markdown);
    for tag in tokenize(&html) {
        let name: &str = &tag.name;
        assert!(
            MARKDOWN_TAGS.contains(&name),
            "the preview holds <{name}>: {html:?}"
        );
        if tag.kind == TagKind::EndTag {
            continue;
        }
        for attr in &tag.attrs {
            let attr_name: &str = &attr.name.local;
            assert!(
                ATTRIBUTES.contains(&(name, attr_name)),
                "the preview holds <{name} {attr_name}=…>: {html:?}"
            );
            let value: String = attr
                .value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(!value.contains(scheme), "a {scheme} URL: {html:?}");
            }
        }
        if name == "input" {
            let has = |n: &str, v: Option<&str>| {
                tag.attrs
                    .iter()
                    .any(|a| &*a.name.local == n && v.is_none_or(|v| &*a.value == v))
            };
            assert!(
                has("type", Some("checkbox")),
                "an input that is not a checkbox"
            );
            assert!(has("disabled", None), "a checkbox that is not disabled");
        }
    }
}

/// Every start and end tag in `html`, as a browser's tokenizer sees them.
fn tokenize(html: &str) -> Vec<Tag> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[derive(Default)]
struct Tags(RefCell<Vec<Tag>>);

impl TokenSink for Tags {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            self.0.borrow_mut().push(tag);
        }
        TokenSinkResult::Continue
    }
}
