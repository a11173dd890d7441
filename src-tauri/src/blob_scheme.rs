//! `kindred-blob:`, the one way the window gets an attachment's bytes:
//! `kindred-blob://localhost/<attachment id>` answers the decrypted
//! original while the vault is unlocked, and 404 otherwise (after a lock,
//! every such URL fails). Answers carry `Cache-Control: no-store`, so
//! WebKit keeps no copy in its caches, and `nosniff`, so a file is never
//! taken for another type. The page never sees a file path; the CSP lets
//! images and media come from the app and this scheme only.

use std::io::Read;

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

/// The scheme's name, as registered and as the CSP names it.
pub const SCHEME: &str = "kindred-blob";

/// The largest attachment served whole to the window (a longer video is
/// saved and opened instead).
const MAX_SERVED: u64 = 512 * 1024 * 1024;

/// Answers one request on a thread of its own: decrypting a large photo
/// must not hold up the window's event loop.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        responder.respond(answer(&state, request.uri().path()));
    });
}

/// The response for `path`: `/<id>` (the original) or `/<id>/thumb` (a
/// small picture for tiles, avatars and the map).
pub fn answer(state: &AppState, path: &str) -> Response<Vec<u8>> {
    let path = path.trim_start_matches('/');
    if let Some(id) = path
        .strip_suffix("/thumb")
        .and_then(|i| i.parse::<i64>().ok())
    {
        return thumbnail(state, id);
    }
    let Some(id) = path.parse::<i64>().ok() else {
        return status(StatusCode::NOT_FOUND);
    };
    let read = state.peek_vault(|v| {
        let att = v.attachments()?;
        let (a, mut reader) = att.open(id)?;
        if a.bytes > MAX_SERVED {
            return Ok(None);
        }
        let mut bytes = Vec::with_capacity(usize::try_from(a.bytes).unwrap_or(0));
        reader
            .read_to_end(&mut bytes)
            .map_err(|_| kindred_core::Error::CorruptFile {
                what: "The attachment",
                detail: "it is damaged".into(),
            })?;
        Ok(Some((a.mime, bytes)))
    });
    match read {
        Ok(Some((mime, bytes))) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, mime)
            .header(header::CACHE_CONTROL, "no-store")
            .header("X-Content-Type-Options", "nosniff")
            .body(bytes)
            .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR)),
        Ok(None) => status(StatusCode::PAYLOAD_TOO_LARGE),
        // Locked, no such attachment, or damaged: nothing to show.
        Err(_) => status(StatusCode::NOT_FOUND),
    }
}

/// Attachment `id`'s thumbnail, made (in memory, outside the vault's
/// lock) and stored the first time it is asked for. Served only once it
/// is stored: a lock in between leaves nothing to show.
///
/// A camera photo takes ~50 MB to decode, and a timeline asks for all its
/// thumbnails at once (one thread each): at most [`MAKERS`] are made at a
/// time, and the memory each freed goes back to the system after it.
fn thumbnail(state: &AppState, id: i64) -> Response<Vec<u8>> {
    let stored = |state: &AppState| {
        state.peek_vault(|v| {
            let att = v.attachments()?;
            match att.thumbnail(id)? {
                Some(t) => Ok(Err(t)),
                None => Ok(Ok(att.picture_for_thumbnail(id)?)),
            }
        })
    };
    if let Ok(Err(t)) = stored(state) {
        return picture_response(t.to_vec());
    }
    let _turn = Turn::take();
    // Made by another request while this one waited?
    let picture = match stored(state) {
        Ok(Err(t)) => return picture_response(t.to_vec()),
        Ok(Ok(Some(original))) => original,
        Ok(Ok(None)) | Err(_) => return status(StatusCode::NOT_FOUND),
    };
    let thumb = kindred_core::attachments::make_thumbnail(&picture);
    drop(picture);
    crate::memory::give_back();
    let Some(thumb) = thumb else {
        return status(StatusCode::NOT_FOUND);
    };
    match state.peek_vault(|v| v.attachments()?.set_thumbnail(id, &thumb)) {
        Ok(()) => picture_response(thumb),
        Err(_) => status(StatusCode::NOT_FOUND),
    }
}

/// Thumbnails made at the same time, at most (one per core of the
/// reference machine).
const MAKERS: usize = 2;

/// One of the [`MAKERS`] turns to make a thumbnail, held until dropped.
#[derive(Debug)]
struct Turn;

static TURNS: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
static TURN_FREED: std::sync::Condvar = std::sync::Condvar::new();

impl Turn {
    fn take() -> Self {
        let mut busy = TURNS.lock().unwrap_or_else(|p| p.into_inner());
        while *busy >= MAKERS {
            busy = TURN_FREED.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy += 1;
        Turn
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut busy = TURNS.lock().unwrap_or_else(|p| p.into_inner());
        *busy = busy.saturating_sub(1);
        TURN_FREED.notify_one();
    }
}

fn picture_response(bytes: Vec<u8>) -> Response<Vec<u8>> {
    let mime = kindred_core::attachments::mime_of(&bytes[..bytes.len().min(64)], "");
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .body(bytes)
        .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR))
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = code;
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::tests::unlocked_state;
    use kindred_core::model::EntryDraft;

    #[test]
    fn thumbnails_are_made_at_most_two_at_a_time() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NOW: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let makers: Vec<_> = (0..6)
            .map(|_| {
                std::thread::spawn(|| {
                    let _turn = Turn::take();
                    let n = NOW.fetch_add(1, Ordering::SeqCst) + 1;
                    MOST.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    NOW.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for m in makers {
            assert!(m.join().is_ok());
        }
        assert_eq!(MOST.load(Ordering::SeqCst), MAKERS);
    }

    #[test]
    fn attachments_are_served_while_unlocked_and_never_after_a_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let state = unlocked_state(tmp.path());
        let bytes = b"\x89PNG\r\n\x1a\n a picture".to_vec();
        let id = state
            .with_vault(|v| {
                let e = v.journal().write(&EntryDraft {
                    title: "t".into(),
                    ..EntryDraft::default()
                })?;
                Ok(v.attachments()?.attach_bytes(e, "p.png", &bytes)?.id)
            })
            .unwrap();
        let ok = answer(&state, &format!("/{id}"));
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.body(), &bytes);
        assert_eq!(ok.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(ok.headers()[header::CACHE_CONTROL], "no-store");
        for bad in ["/999", "/", "/abc", "/../kindred.db"] {
            assert_eq!(answer(&state, bad).status(), StatusCode::NOT_FOUND, "{bad}");
        }
        // A thumbnail: made on first request, stored, then read back.
        let png = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../ui/icons/128x128.png"
        ))
        .unwrap();
        let pid = state
            .with_vault(|v| {
                let e = v.journal().write(&EntryDraft {
                    title: "p".into(),
                    ..EntryDraft::default()
                })?;
                Ok(v.attachments()?.attach_bytes(e, "icon.png", &png)?.id)
            })
            .unwrap();
        let first = answer(&state, &format!("/{pid}/thumb"));
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(first.headers()[header::CACHE_CONTROL], "no-store");
        let again = answer(&state, &format!("/{pid}/thumb"));
        assert_eq!(again.body(), first.body(), "stored, not made twice");
        assert!(state
            .with_vault(|v| v.attachments()?.thumbnail(pid))
            .unwrap()
            .is_some());
        // A picture that does not decode: no thumbnail.
        assert_eq!(
            answer(&state, &format!("/{id}/thumb")).status(),
            StatusCode::NOT_FOUND
        );
        // Trashed: not shown.
        state.with_vault(|v| v.attachments()?.trash(id)).unwrap();
        assert_eq!(
            answer(&state, &format!("/{id}")).status(),
            StatusCode::NOT_FOUND
        );
        state.with_vault(|v| v.attachments()?.restore(id)).unwrap();
        state.lock();
        let after = answer(&state, &format!("/{id}"));
        assert_eq!(after.status(), StatusCode::NOT_FOUND);
        assert!(after.body().is_empty());
        assert_eq!(
            answer(&state, &format!("/{pid}/thumb")).status(),
            StatusCode::NOT_FOUND
        );
    }
}
