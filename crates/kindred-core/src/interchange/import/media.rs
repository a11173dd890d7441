//! Day One's media: the photos, videos, audio and PDFs an entry lists,
//! found in the export zip (`photos/<md5>.<type>`, `videos/…`, `audios/…`,
//! `pdfs/…`) and attached to the entry, with each `dayone-moment:`
//! reference in its text turned into a reference to the attachment
//! (`attachment:<id>`), in place.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde_json::Value;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The largest media file attached from an export; a larger one is
/// counted as missing.
const MAX_MEDIA_BYTES: u64 = 1024 * 1024 * 1024;

/// What kind of media, and the zip folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Photo,
    Video,
    Audio,
    Pdf,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Self::Photo => "photos",
            Self::Video => "videos",
            Self::Audio => "audios",
            Self::Pdf => "pdfs",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Pdf => "document",
        }
    }

    fn default_ext(self) -> &'static str {
        match self {
            Self::Photo => "jpeg",
            Self::Video => "mov",
            Self::Audio => "m4a",
            Self::Pdf => "pdf",
        }
    }
}

/// One media file an entry lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Media {
    pub kind: Kind,
    /// Day One's identifier: what `dayone-moment:` references name.
    pub identifier: String,
    /// The MD5 of the file: its name in the zip.
    pub md5: String,
    /// Its extension (Day One's `type`).
    pub ext: String,
    /// A name to keep: the file's own (`filename`), else the kind and date.
    pub name: String,
}

/// The media an entry lists, from Day One's `photos`, `videos`, `audios`
/// and `pdfAttachments`; entries it cannot use (no identifier or MD5) are
/// counted in `unusable`.
pub(super) fn listed(
    lists: [(Kind, Option<&Vec<Value>>); 4],
    date: &str,
    unusable: &mut usize,
) -> Vec<Media> {
    let mut out = Vec::new();
    for (kind, list) in lists {
        for m in list.into_iter().flatten() {
            let text = |k: &str| m.get(k).and_then(Value::as_str).map(str::trim);
            let identifier = text("identifier").filter(|s| {
                !s.is_empty()
                    && s.len() <= 64
                    && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            let md5 =
                text("md5").filter(|s| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()));
            let (Some(identifier), Some(md5)) = (identifier, md5) else {
                *unusable += 1;
                continue;
            };
            let ext = text("type")
                .filter(|s| {
                    !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_alphanumeric())
                })
                .unwrap_or(kind.default_ext())
                .to_ascii_lowercase();
            let name = text("filename")
                .filter(|s| !s.is_empty() && *s != "(null)")
                .map(crate::attachments::clean_name)
                .unwrap_or_else(|| format!("{} {date}.{ext}", kind.word()));
            out.push(Media {
                kind,
                identifier: identifier.to_owned(),
                md5: md5.to_ascii_lowercase(),
                ext,
                name,
            });
        }
    }
    out
}

/// The media files of a Day One export zip.
pub(super) struct Files {
    zip: zip::ZipArchive<File>,
    /// Member index by lowercased name.
    names: HashMap<String, usize>,
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Files")
            .field("members", &self.names.len())
            .finish()
    }
}

impl Files {
    /// The media of the zip at `path`; `None` when it is not a zip (a
    /// Journal.json alone has its media elsewhere).
    pub(super) fn open(path: &Path) -> Result<Option<Self>> {
        let mut f = File::open(path).map_err(|e| Error::io("read the import file", &e))?;
        let mut magic = [0u8; 4];
        if f.read_exact(&mut magic).is_err() || &magic != b"PK\x03\x04" {
            return Ok(None);
        }
        let f = File::open(path).map_err(|e| Error::io("read the import file", &e))?;
        let Ok(mut zip) = zip::ZipArchive::new(f) else {
            return Ok(None);
        };
        let mut names = HashMap::new();
        for i in 0..zip.len() {
            if let Ok(m) = zip.by_index_raw(i) {
                if let Ok(n) = m.name() {
                    names.insert(n.to_ascii_lowercase(), i);
                }
            }
        }
        Ok(Some(Self { zip, names }))
    }

    /// The bytes of `m`, when the zip holds them (at most 1 GiB).
    pub(super) fn read(&mut self, m: &Media) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let folder = m.kind.folder();
        let exact = format!("{folder}/{}.{}", m.md5, m.ext);
        let index = self.names.get(&exact).copied().or_else(|| {
            // The same file under another extension (jpg for jpeg …).
            let stem = format!("{folder}/{}.", m.md5);
            self.names
                .iter()
                .find(|(n, _)| n.starts_with(&stem))
                .map(|(_, i)| *i)
        });
        let Some(index) = index else { return Ok(None) };
        let member = self
            .zip
            .by_index(index)
            .map_err(|_| Error::invalid("This Day One export cannot be imported: the zip archive is damaged. Nothing was imported."))?;
        let mut bytes = Zeroizing::new(Vec::new());
        member
            .take(MAX_MEDIA_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| match e.raw_os_error() {
                Some(_) => Error::io("read the import file", &e),
                None => Error::invalid("This Day One export cannot be imported: the zip archive is damaged. Nothing was imported."),
            })?;
        if bytes.len() as u64 > MAX_MEDIA_BYTES {
            return Ok(None);
        }
        Ok(Some(bytes))
    }
}

/// `text` with each `dayone-moment:` reference to one of `attached`
/// (identifier, attachment id) turned into `attachment:<id>`.
pub(super) fn rewrite(text: &str, attached: &[(String, i64)]) -> String {
    const PREFIXES: [&str; 5] = [
        "dayone-moment://",
        "dayone-moment:/video/",
        "dayone-moment:/audio/",
        "dayone-moment:/pdfAttachment/",
        "dayone-moment:/",
    ];
    let mut out = text.to_owned();
    for (identifier, id) in attached {
        for p in PREFIXES {
            let from = format!("{p}{identifier}");
            if out.contains(&from) {
                out = out.replace(&from, &format!("attachment:{id}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_reference_is_rewritten_in_place() {
        let text = "![](dayone-moment://AB12)\n![](dayone-moment:/video/CD34) \
                    [a](dayone-moment:/audio/EF56) [b](dayone-moment:/pdfAttachment/AA99) \
                    ![](dayone-moment://ZZ00)";
        let out = rewrite(
            text,
            &[
                ("AB12".into(), 1),
                ("CD34".into(), 2),
                ("EF56".into(), 3),
                ("AA99".into(), 4),
            ],
        );
        assert_eq!(
            out,
            "![](attachment:1)\n![](attachment:2) [a](attachment:3) [b](attachment:4) \
             ![](dayone-moment://ZZ00)"
        );
    }

    #[test]
    fn unusable_listings_are_counted_not_guessed() {
        let photos = serde_json::json!([
            {"identifier": "AB12", "md5": "0123456789abcdef0123456789ABCDEF", "type": "jpeg"},
            {"identifier": "CD34", "md5": "not-an-md5"},
            {"md5": "0123456789abcdef0123456789abcdef"},
            {"identifier": "EF56", "md5": "0123456789abcdef0123456789abcdef", "type": "../x", "filename": "beach.heic"}
        ]);
        let mut unusable = 0;
        let got = listed(
            [
                (Kind::Photo, photos.as_array()),
                (Kind::Video, None),
                (Kind::Audio, None),
                (Kind::Pdf, None),
            ],
            "2024-05-01",
            &mut unusable,
        );
        assert_eq!(unusable, 2);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].md5, "0123456789abcdef0123456789abcdef");
        assert_eq!(got[0].name, "photo 2024-05-01.jpeg");
        assert_eq!(
            got[1].ext, "jpeg",
            "a type that is not an extension is not used"
        );
        assert_eq!(got[1].name, "beach.heic");
    }
}
