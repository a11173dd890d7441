//! What the user typed, as FTS5 syntax that cannot fail.
//!
//! Three things are kept — words, "quoted phrases" and prefix* — and
//! everything else (unbalanced quotes, AND/OR/NOT/NEAR, column filters, `*`
//! alone, punctuation, SQL) becomes quoted text. Every term is a quoted
//! string, so FTS5 only ever sees strings, `*` after a string, spaces
//! (AND), and the few operators this module writes itself.

/// Longest query considered; the rest is ignored.
const MAX_QUERY_CHARS: usize = 1_000;
/// Most terms considered.
const MAX_TERMS: usize = 32;

/// One term: a word or a phrase (FTS5 tokenises the text), the last token
/// possibly a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    text: String,
    prefix: bool,
}

impl Term {
    /// The term in FTS5 syntax.
    pub(crate) fn fts(&self) -> String {
        quote(&self.text, self.prefix)
    }

    /// The term's whitespace-separated parts in FTS5 syntax, the last
    /// keeping the prefix: every record matching the term holds each part.
    /// A word is its own single part.
    pub(crate) fn parts(&self) -> Vec<String> {
        let parts: Vec<&str> = self
            .text
            .split_whitespace()
            .filter(|p| searchable(p))
            .collect();
        let last = parts.len().saturating_sub(1);
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| quote(p, self.prefix && i == last))
            .collect()
    }

    /// The term loosened to its [parts](Term::parts), ANDed: a superset of
    /// its matches found without checking that the parts are adjacent.
    pub(crate) fn loose(&self) -> String {
        self.parts().join(" ")
    }

    /// Whether the term has more than one part (a phrase to check).
    pub(crate) fn is_phrase(&self) -> bool {
        self.text
            .split_whitespace()
            .filter(|p| searchable(p))
            .count()
            > 1
    }
}

/// A parsed query: its terms are ANDed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    terms: Vec<Term>,
}

impl Query {
    /// Parses user text; `None` when nothing in it is searchable (empty,
    /// only punctuation or emoji).
    pub(crate) fn parse(input: &str) -> Option<Self> {
        let chars: Vec<char> = input
            .chars()
            .take(MAX_QUERY_CHARS)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let mut terms: Vec<Term> = Vec::new();
        let mut i = 0;
        while i < chars.len() && terms.len() < MAX_TERMS {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if c == '"' {
                if let Some(len) = chars[i + 1..].iter().position(|&q| q == '"') {
                    let phrase: String = chars[i + 1..i + 1 + len].iter().collect();
                    i += len + 2;
                    let prefix = chars.get(i) == Some(&'*');
                    if prefix {
                        i += 1;
                    }
                    push_term(&mut terms, &phrase, prefix);
                    continue;
                }
                // An unbalanced quote is just a character.
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let trimmed = word.trim_end_matches('*');
            let prefix = trimmed.len() < word.len() && !trimmed.contains('*');
            push_term(&mut terms, trimmed, prefix);
        }
        (!terms.is_empty()).then_some(Self { terms })
    }

    /// The terms, in the order typed.
    pub(crate) fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The query in FTS5 syntax.
    pub(crate) fn fts(&self) -> String {
        join(self.terms.iter().map(Term::fts), " ")
    }

    /// Every term loosened (see [`Term::loose`]): a superset of the
    /// matches that needs no position checks.
    pub(crate) fn loose(&self) -> String {
        join(self.terms.iter().map(Term::loose), " ")
    }

    /// Whether some term is a phrase.
    pub(crate) fn has_phrase(&self) -> bool {
        self.terms.iter().any(Term::is_phrase)
    }

    /// Records with any term in their title.
    pub(crate) fn in_title(&self) -> String {
        format!(
            "{{title}} : ({})",
            join(self.terms.iter().map(Term::fts), " OR ")
        )
    }
}

/// Anything without a letter or digit holds no token for the tokenizer.
fn searchable(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn push_term(terms: &mut Vec<Term>, raw: &str, prefix: bool) {
    if searchable(raw) {
        terms.push(Term {
            text: raw.to_owned(),
            prefix,
        });
    }
}

fn quote(text: &str, prefix: bool) -> String {
    let quoted = format!("\"{}\"", text.replace('"', "\"\""));
    if prefix {
        quoted + "*"
    } else {
        quoted
    }
}

fn join(parts: impl Iterator<Item = String>, sep: &str) -> String {
    parts.collect::<Vec<_>>().join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Option<String> {
        Query::parse(s).map(|q| q.fts())
    }

    #[test]
    fn translation_keeps_words_phrases_and_prefixes() {
        assert_eq!(q("cafe zurich").as_deref(), Some("\"cafe\" \"zurich\""));
        assert_eq!(
            q("\"long walk\" home").as_deref(),
            Some("\"long walk\" \"home\"")
        );
        assert_eq!(q("walk*").as_deref(), Some("\"walk\"*"));
        assert_eq!(q("\"long wa\"*").as_deref(), Some("\"long wa\"*"));
    }

    #[test]
    fn translation_neutralises_syntax() {
        assert_eq!(q("a OR b").as_deref(), Some("\"a\" \"OR\" \"b\""));
        assert_eq!(q("NEAR(a b)").as_deref(), Some("\"NEAR(a\" \"b)\""));
        assert_eq!(q("title:secret").as_deref(), Some("\"title:secret\""));
        assert_eq!(q("say \"hi").as_deref(), Some("\"say\" \"hi\""));
        assert_eq!(q("*"), None);
        assert_eq!(q("   "), None);
        assert_eq!(q("🙂 🙃"), None);
        assert_eq!(q("-- ; ' \""), None);
        assert_eq!(q("a*b*").as_deref(), Some("\"a*b\""));
    }

    #[test]
    fn loosened_phrases_keep_their_parts_and_the_prefix_on_the_last() {
        let query = Query::parse("\"the long wa\"* walk \"a - b\" \"x --\"*").unwrap();
        assert_eq!(
            query.loose(),
            "\"the\" \"long\" \"wa\"* \"walk\" \"a\" \"b\" \"x\"*"
        );
        let phrases: Vec<bool> = query.terms().iter().map(Term::is_phrase).collect();
        assert_eq!(phrases, [true, false, true, false]);
        assert!(query.has_phrase());
        assert!(!Query::parse("walk \"home\"").unwrap().has_phrase());
        assert_eq!(
            Query::parse("sea \"long walk\"*").unwrap().in_title(),
            "{title} : (\"sea\" OR \"long walk\"*)"
        );
    }
}
