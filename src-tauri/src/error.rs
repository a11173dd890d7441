//! How errors cross to the UI: `{code, message}`, where `code` is the core's
//! stable [`ErrorCode`] string. The UI switches on `code` (see
//! `ui/js/errors.js`); `message` is the core's plain-words text, which never
//! holds user text or secrets.

use kindred_core::{Error, ErrorCode};
use serde::Serialize;

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IpcError {
    /// The stable error code, e.g. `WrongPassphrase`.
    #[cfg_attr(test, ts(as = "ErrorCode"))]
    pub code: &'static str,
    /// What happened and what to do next.
    pub message: String,
}

impl From<Error> for IpcError {
    fn from(err: Error) -> Self {
        Self {
            code: err.code().as_str(),
            message: err.to_string(),
        }
    }
}

impl IpcError {
    /// Input the app itself refuses (before it reaches the core).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InvalidInput.as_str(),
            message: message.into(),
        }
    }
}

/// What every command returns.
pub type IpcResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_code_and_text() {
        let e = IpcError::from(Error::WrongPassphrase);
        assert_eq!(e.code, "WrongPassphrase");
        assert!(e.message.contains("does not unlock"));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "WrongPassphrase");
        assert!(json["message"].is_string());
    }
}
