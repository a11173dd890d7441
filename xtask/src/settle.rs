//! "Fully drawn" told by the screen's pixels, for an app that sets no mark
//! of its own (the peer in `cargo xtask bench --app --peer PATH`), and for
//! Kindred and the floor in the same series so the three compare.
//!
//! The virtual display's root window is read again and again (`xwd -root`)
//! from the moment the app is spawned. A frame that differs from the one
//! before in at least [`BIG_CHANGE`] pixels is a step of drawing; smaller
//! changes (a blinking caret) are not. The app is drawn at the last big
//! change, once [`QUIET`] has passed without another.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::Result;

/// Fewer changed pixels than this between two frames is not drawing: a
/// text caret is about 1×17 pixels, blinking.
pub const BIG_CHANGE: usize = 400;
/// The screen is settled after this long without a big change.
pub const QUIET: Duration = Duration::from_secs(3);

/// Follows frames until the screen settles.
#[derive(Default)]
pub struct Settle {
    previous: Option<Vec<u8>>,
    last_big: Option<Duration>,
    /// Gaps between frames, for the method's resolution.
    pub gaps: Vec<Duration>,
    last_at: Option<Duration>,
}

impl Settle {
    /// Takes the frame read `at` after the spawn (its pixels, 4 bytes
    /// each); returns when the screen was drawn once it has settled.
    pub fn push(&mut self, at: Duration, frame: Vec<u8>) -> Option<Duration> {
        if let Some(prev) = self.last_at {
            self.gaps.push(at.saturating_sub(prev));
        }
        self.last_at = Some(at);
        if let Some(prev) = &self.previous {
            if changed_pixels(prev, &frame) >= BIG_CHANGE {
                self.last_big = Some(at);
            }
        }
        self.previous = Some(frame);
        let last = self.last_big?;
        (at.saturating_sub(last) >= QUIET).then_some(last)
    }
}

/// How many 4-byte pixels differ between two frames (a frame of another
/// size differs everywhere).
pub fn changed_pixels(a: &[u8], b: &[u8]) -> usize {
    if a.len() != b.len() {
        return a.len().max(b.len()) / 4;
    }
    a.chunks_exact(4)
        .zip(b.chunks_exact(4))
        .filter(|(x, y)| x != y)
        .count()
}

/// The pixels of an XWD image (what `xwd` writes): the header and colour
/// map skipped. Only 32-bit pixels are read, which a 24-bit virtual
/// display gives.
pub fn xwd_pixels(xwd: &[u8]) -> Result<Vec<u8>> {
    let field = |i: usize| -> Result<usize> {
        xwd.get(i * 4..i * 4 + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| "an XWD image shorter than its header".to_owned())
    };
    let header = field(0)?;
    let bits_per_pixel = field(11)?;
    let colours = field(19)?;
    if bits_per_pixel != 32 {
        return Err(format!("an XWD image of {bits_per_pixel}-bit pixels"));
    }
    xwd.get(header + colours * 12..)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| "an XWD image shorter than its header".to_owned())
}

/// Reads the root window of the display in `DISPLAY` now.
pub fn frame() -> Result<Vec<u8>> {
    let out = Command::new("xwd")
        .args(["-root", "-silent"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("xwd: {e}"))?;
    if !out.status.success() {
        return Err("xwd could not read the screen".into());
    }
    xwd_pixels(&out.stdout)
}

/// Reads the screen until it settles after `started` (or `limit` passes);
/// returns when it was drawn, since `started`, and the median gap between
/// frames.
pub fn until_settled(
    started: Instant,
    limit: Duration,
    what: &Path,
) -> Result<(Duration, Duration)> {
    let mut settle = Settle::default();
    loop {
        let at = started.elapsed();
        if let Some(drawn) = settle.push(at, frame()?) {
            let mut gaps = settle.gaps.clone();
            gaps.sort();
            return Ok((drawn, gaps.get(gaps.len() / 2).copied().unwrap_or_default()));
        }
        if at > limit {
            return Err(format!(
                "the screen did not settle within {} s of starting {}",
                limit.as_secs(),
                what.display()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// A frame of 1,000 pixels, the first `lit` of them white.
    fn frame_with(lit: usize) -> Vec<u8> {
        (0..1000)
            .flat_map(|i| if i < lit { [255u8; 4] } else { [0u8; 4] })
            .collect()
    }

    #[test]
    fn drawn_is_the_last_big_change_once_quiet() {
        let mut s = Settle::default();
        // Blank, then the window, then its page: two big changes.
        assert_eq!(s.push(ms(0), frame_with(0)), None);
        assert_eq!(s.push(ms(100), frame_with(500)), None);
        assert_eq!(s.push(ms(250), frame_with(999)), None);
        // A caret blinking (a few pixels) is not drawing.
        assert_eq!(s.push(ms(900), frame_with(990)), None);
        assert_eq!(s.push(ms(1900), frame_with(999)), None);
        assert_eq!(s.push(ms(3000), frame_with(999)), None);
        assert_eq!(s.push(ms(3250), frame_with(999)), Some(ms(250)));
        assert_eq!(s.gaps.len(), 6);
    }

    #[test]
    fn a_screen_that_never_changes_is_never_drawn() {
        let mut s = Settle::default();
        for t in 0..50 {
            assert_eq!(s.push(ms(t * 200), frame_with(0)), None);
        }
    }

    #[test]
    fn pixels_are_counted_and_the_xwd_header_skipped() {
        assert_eq!(changed_pixels(&frame_with(10), &frame_with(30)), 20);
        assert_eq!(changed_pixels(&frame_with(0), &[0u8; 8]), 1000);
        // A header of 100 bytes (25 fields), 32-bit pixels, 2 colours of
        // 12 bytes, then 3 pixels.
        let mut xwd = vec![0u8; 100];
        xwd[..4].copy_from_slice(&100u32.to_be_bytes());
        xwd[44..48].copy_from_slice(&32u32.to_be_bytes());
        xwd[76..80].copy_from_slice(&2u32.to_be_bytes());
        xwd.extend([9u8; 24]);
        xwd.extend([1u8; 12]);
        assert_eq!(xwd_pixels(&xwd), Ok(vec![1u8; 12]));
        xwd[44..48].copy_from_slice(&16u32.to_be_bytes());
        assert!(xwd_pixels(&xwd).is_err());
        assert!(xwd_pixels(&[0u8; 10]).is_err());
    }
}
