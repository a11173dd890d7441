//! "Fully drawn" told by the screen's pixels, for an app that sets no mark
//! of its own (the peer in `cargo xtask bench --app --peer PATH`), and for
//! Kindred and the floor in the same series so the three compare.
//!
//! The virtual display's root window is read again and again (`xwd -root`)
//! from the moment the app is spawned. A frame that differs from the one
//! before in at least [`BIG_CHANGE`] pixels, spread over at least
//! [`NARROWEST`] columns and as many lines, is a step of drawing; other
//! changes are not (a blinking caret; an overlay scrollbar fading out, a
//! strip a few pixels wide beside a page taller than the window; both at
//! once). The app is drawn
//! at the last big change, once [`QUIET`] has passed without another.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::Result;

/// Fewer changed pixels than this between two frames is not drawing: a
/// text caret is about 1×17 pixels, blinking.
pub const BIG_CHANGE: usize = 400;
/// A change in fewer columns or lines than this is not drawing: an
/// overlay scrollbar, fading, is about 4 pixels wide, a caret 1 or 2.
pub const NARROWEST: usize = 16;
/// The screen is settled after this long without a big change.
pub const QUIET: Duration = Duration::from_secs(3);

/// Follows frames until the screen settles.
#[derive(Default)]
pub struct Settle {
    /// Pixels a line.
    pub width: usize,
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
            if let Some(change) = change(prev, &frame, self.width) {
                if change.pixels >= BIG_CHANGE
                    && change.wide >= NARROWEST
                    && change.tall >= NARROWEST
                {
                    self.last_big = Some(at);
                }
            }
        }
        self.previous = Some(frame);
        let last = self.last_big?;
        (at.saturating_sub(last) >= QUIET).then_some(last)
    }
}

/// What differs between two frames: how many pixels, in how many
/// columns and how many lines.
#[derive(Debug, PartialEq, Eq)]
pub struct Change {
    pub pixels: usize,
    pub wide: usize,
    pub tall: usize,
}

/// How two frames of `width` 4-byte pixels a line differ; None if they do
/// not (a frame of another size differs everywhere).
pub fn change(a: &[u8], b: &[u8], width: usize) -> Option<Change> {
    if a.len() != b.len() || width == 0 {
        let pixels = a.len().max(b.len()) / 4;
        return Some(Change {
            pixels,
            wide: width.max(1),
            tall: pixels / width.max(1),
        });
    }
    let lines = a.len() / 4 / width;
    let (mut columns, mut rows) = (vec![false; width], vec![false; lines + 1]);
    let mut pixels = 0;
    for (i, (p, q)) in a.chunks_exact(4).zip(b.chunks_exact(4)).enumerate() {
        if p != q {
            pixels += 1;
            columns[i % width] = true;
            rows[i / width] = true;
        }
    }
    let count = |v: &[bool]| v.iter().filter(|&&c| c).count();
    (pixels > 0).then(|| Change {
        pixels,
        wide: count(&columns),
        tall: count(&rows),
    })
}

/// The pixels of an XWD image (what `xwd` writes): the header and colour
/// map skipped. Only 4 bytes a pixel are read, which a 24-bit virtual
/// display gives (told by the bytes per line: `xwd` may call the pixels
/// 24-bit while storing 32).
pub fn xwd_pixels(xwd: &[u8]) -> Result<(usize, Vec<u8>)> {
    let field = |i: usize| -> Result<usize> {
        xwd.get(i * 4..i * 4 + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| "an XWD image shorter than its header".to_owned())
    };
    let header = field(0)?;
    let (width, height) = (field(4)?, field(5)?);
    let bytes_per_line = field(12)?;
    let colours = field(19)?;
    if width == 0 || bytes_per_line != width * 4 {
        return Err(format!(
            "an XWD image of {bytes_per_line} bytes a line for {width} pixels"
        ));
    }
    let start = header + colours * 12;
    xwd.get(start..start + bytes_per_line * height)
        .map(|p| (width, p.to_vec()))
        .ok_or_else(|| "an XWD image shorter than its header says".to_owned())
}

/// Reads the root window of the display in `DISPLAY` now: its width and
/// pixels.
pub fn frame() -> Result<(usize, Vec<u8>)> {
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
        let (width, pixels) = frame()?;
        settle.width = width;
        if let Some(drawn) = settle.push(at, pixels) {
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

    /// A frame of 100×100 pixels, the first `lit` of them white.
    fn frame_with(lit: usize) -> Vec<u8> {
        (0..10_000)
            .flat_map(|i| if i < lit { [255u8; 4] } else { [0u8; 4] })
            .collect()
    }

    /// A frame of 100×100 pixels with a white column `wide` pixels wide.
    fn column(wide: usize) -> Vec<u8> {
        (0..10_000)
            .flat_map(|i| if i % 100 < wide { [255u8; 4] } else { [0u8; 4] })
            .collect()
    }

    #[test]
    fn drawn_is_the_last_big_change_once_quiet() {
        let mut s = Settle {
            width: 100,
            ..Settle::default()
        };
        // Blank, then the window, then its page: two big changes.
        assert_eq!(s.push(ms(0), frame_with(0)), None);
        assert_eq!(s.push(ms(100), frame_with(5000)), None);
        assert_eq!(s.push(ms(250), frame_with(9999)), None);
        // A caret blinking (a few pixels) is not drawing.
        assert_eq!(s.push(ms(900), frame_with(9990)), None);
        assert_eq!(s.push(ms(1900), frame_with(9999)), None);
        assert_eq!(s.push(ms(3000), frame_with(9999)), None);
        assert_eq!(s.push(ms(3250), frame_with(9999)), Some(ms(250)));
        assert_eq!(s.gaps.len(), 6);
    }

    #[test]
    fn a_scrollbar_fading_is_not_drawing() {
        let mut s = Settle {
            width: 100,
            ..Settle::default()
        };
        assert_eq!(s.push(ms(0), frame_with(0)), None);
        assert_eq!(s.push(ms(200), column(20)), None);
        // A strip 4 pixels wide, the whole height (400 pixels), comes and
        // goes: not a step of drawing.
        let mut with_bar = column(20);
        for y in 0..100 {
            with_bar[(y * 100 + 90) * 4..(y * 100 + 94) * 4].fill(128);
        }
        assert_eq!(s.push(ms(1200), with_bar.clone()), None);
        // With a caret blinking far from it in the same frame: still not.
        for y in 40..57 {
            with_bar[(y * 100 + 30) * 4..(y * 100 + 31) * 4].fill(200);
        }
        assert_eq!(s.push(ms(1700), with_bar), None);
        assert_eq!(s.push(ms(2200), column(20)), None);
        assert_eq!(s.push(ms(3300), column(20)), Some(ms(200)));
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
        assert_eq!(
            change(&frame_with(110), &frame_with(330), 100),
            Some(Change {
                pixels: 220,
                wide: 100,
                tall: 3
            })
        );
        assert_eq!(change(&frame_with(5), &frame_with(5), 100), None);
        assert_eq!(
            change(&frame_with(0), &[0u8; 8], 100).map(|c| c.pixels),
            Some(10_000)
        );
        // A header of 100 bytes (25 fields), 3 pixels by 1 line of 12
        // bytes, 2 colours of 12 bytes, then the pixels.
        let mut xwd = vec![0u8; 100];
        let set = |xwd: &mut Vec<u8>, i: usize, v: u32| {
            xwd[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
        };
        set(&mut xwd, 0, 100);
        set(&mut xwd, 4, 3);
        set(&mut xwd, 5, 1);
        set(&mut xwd, 11, 24);
        set(&mut xwd, 12, 12);
        set(&mut xwd, 19, 2);
        xwd.extend([9u8; 24]);
        xwd.extend([1u8; 12]);
        assert_eq!(xwd_pixels(&xwd), Ok((3, vec![1u8; 12])));
        // Cut short, or 3 bytes a pixel: refused.
        assert!(xwd_pixels(&xwd[..130]).is_err());
        set(&mut xwd, 12, 9);
        assert!(xwd_pixels(&xwd).is_err());
        assert!(xwd_pixels(&[0u8; 10]).is_err());
    }
}
