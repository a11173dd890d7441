//! TypeScript types as ts-rs writes them: parsed into [`Ts`], so the
//! contract can lay them out as JSDoc and check JSON against them, and
//! written back on one line.

/// A TypeScript type as ts-rs writes it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ts {
    /// `string`, `number`, `boolean`, `null`, or a named type with its
    /// arguments (`Array<T>` too).
    Name(String, Vec<Ts>),
    /// `"kebab-case"`.
    Literal(String),
    /// `[A, B]`.
    Tuple(Vec<Ts>),
    /// `{ a: A, b?: B }`, with each field's docs.
    Object(Vec<Field>),
    /// `A | B`.
    Union(Vec<Ts>),
    /// `A & B` (a flattened or tagged shape).
    Both(Vec<Ts>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) optional: bool,
    pub(super) ty: Ts,
    pub(super) docs: Option<String>,
}

/// `type Name<T> = …;` → the parameters and the body.
pub(super) fn parse_decl(decl: &str) -> (Vec<String>, Ts) {
    let rest = decl
        .trim()
        .strip_prefix("type ")
        .unwrap_or_else(|| panic!("{decl}"));
    let (head, body) = rest.split_once(" = ").unwrap_or_else(|| panic!("{decl}"));
    let params = match head.split_once('<') {
        Some((_, p)) => p
            .trim_end_matches('>')
            .split(',')
            .map(|s| s.trim().to_owned())
            .collect(),
        None => Vec::new(),
    };
    let body = body.trim().trim_end_matches(';');
    (params, parse_type(body))
}

/// Parses one type; panics (failing the test) on anything unexpected.
pub(super) fn parse_type(text: &str) -> Ts {
    let mut p = Parser {
        tokens: tokenize(text),
        at: 0,
    };
    let ty = p.union();
    assert!(p.at == p.tokens.len(), "unparsed rest of {text:?}");
    ty
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Doc(String),
    Punct(char),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '/' if text[i..].starts_with("/**") => {
                let end = i + text[i..].find("*/").unwrap_or_else(|| panic!("{text}"));
                out.push(Token::Doc(doc_text(&text[i..end + 2])));
                while chars.peek().is_some_and(|(j, _)| *j < end + 2) {
                    chars.next();
                }
            }
            '"' => {
                let mut s = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    s.push(c);
                }
                out.push(Token::Str(s));
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut s = String::from(c);
                while let Some((_, c)) = chars.next_if(|(_, c)| c.is_alphanumeric() || *c == '_') {
                    s.push(c);
                }
                out.push(Token::Word(s));
            }
            c => out.push(Token::Punct(c)),
        }
    }
    out
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Token {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t.unwrap_or_else(|| panic!("the type ends early: {:?}", self.tokens))
    }

    fn eat(&mut self, c: char) -> bool {
        let yes = self.peek() == Some(&Token::Punct(c));
        if yes {
            self.at += 1;
        }
        yes
    }

    fn expect(&mut self, c: char) {
        assert!(
            self.eat(c),
            "expected {c:?} at {:?}",
            &self.tokens[self.at..]
        );
    }

    fn union(&mut self) -> Ts {
        let mut alts = vec![self.both()];
        while self.eat('|') {
            alts.push(self.both());
        }
        if alts.len() == 1 {
            alts.remove(0)
        } else {
            Ts::Union(alts)
        }
    }

    fn both(&mut self) -> Ts {
        let mut parts = vec![self.primary()];
        while self.eat('&') {
            parts.push(self.primary());
        }
        if parts.len() == 1 {
            parts.remove(0)
        } else {
            Ts::Both(parts)
        }
    }

    fn primary(&mut self) -> Ts {
        match self.next() {
            Token::Punct('(') => {
                let t = self.union();
                self.expect(')');
                t
            }
            Token::Punct('[') => {
                let mut items = Vec::new();
                while !self.eat(']') {
                    items.push(self.union());
                    self.eat(',');
                }
                Ts::Tuple(items)
            }
            Token::Punct('{') => self.object(),
            Token::Str(s) => Ts::Literal(s),
            Token::Word(w) => {
                let mut args = Vec::new();
                if self.eat('<') {
                    while !self.eat('>') {
                        args.push(self.union());
                        self.eat(',');
                    }
                }
                Ts::Name(w, args)
            }
            t => panic!("unexpected {t:?} in {:?}", self.tokens),
        }
    }

    fn object(&mut self) -> Ts {
        let mut fields = Vec::new();
        loop {
            let docs = match self.peek() {
                Some(Token::Doc(d)) => {
                    let d = d.clone();
                    self.at += 1;
                    Some(d)
                }
                _ => None,
            };
            if self.eat('}') {
                return Ts::Object(fields);
            }
            let name = match self.next() {
                Token::Word(w) | Token::Str(w) => w,
                t => panic!("a field name, not {t:?}"),
            };
            let optional = self.eat('?');
            self.expect(':');
            let ty = self.union();
            self.eat(',');
            fields.push(Field {
                name,
                optional,
                ty,
                docs,
            });
        }
    }
}

/// The text of a `/** … */` comment, as one paragraph.
pub(super) fn doc_text(comment: &str) -> String {
    let inner = comment
        .trim()
        .trim_start_matches("/**")
        .trim_end_matches("*/");
    let words: Vec<&str> = inner
        .lines()
        .map(|l| l.trim().trim_start_matches('*').trim())
        .filter(|l| !l.is_empty())
        .collect();
    // A doc line must not end the JSDoc block or start a tag.
    words.join(" ").replace("*/", "* /").replace('@', "(at)")
}

/// How the contract writes a type, on one line.
pub(super) fn render(ty: &Ts) -> String {
    match ty {
        Ts::Name(n, args) if args.is_empty() => n.clone(),
        Ts::Name(n, args) => format!("{n}<{}>", join(args, ", ")),
        Ts::Literal(s) => quote(s),
        Ts::Tuple(items) => format!("[{}]", join(items, ", ")),
        Ts::Object(fields) if fields.is_empty() => "Record<string, never>".into(),
        Ts::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| {
                    let q = if f.optional { "?" } else { "" };
                    format!("{}{q}: {}", key(&f.name), render(&f.ty))
                })
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        Ts::Union(alts) => join(alts, " | "),
        Ts::Both(parts) => parts
            .iter()
            .map(|p| match p {
                Ts::Union(_) => format!("({})", render(p)),
                _ => render(p),
            })
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

fn join(items: &[Ts], sep: &str) -> String {
    items.iter().map(render).collect::<Vec<_>>().join(sep)
}

pub(super) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|e| panic!("{e}"))
}

/// A field name, quoted unless it is a plain identifier.
pub(super) fn key(name: &str) -> String {
    let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        name.to_owned()
    } else {
        quote(name)
    }
}
