//! The demo's photos, drawn here (nothing is downloaded, and no real
//! person's face is used): a river path at dusk, a loaf on a table, and a
//! simple portrait for three of the fictional people. Written as PNG with
//! a small encoder (stored deflate blocks: large files, no dependency).

/// An RGB picture.
pub struct Picture {
    w: u32,
    h: u32,
    px: Vec<[u8; 3]>,
}

fn mix(a: [f64; 3], b: [f64; 3], t: f64) -> [f64; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn byte(c: [f64; 3]) -> [u8; 3] {
    c.map(|v| v.clamp(0.0, 255.0) as u8)
}

/// Smooth step from 0 (at `a`) to 1 (at `b`), for soft edges.
fn smooth(a: f64, b: f64, x: f64) -> f64 {
    let t = ((x - a) / (b - a)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

impl Picture {
    fn draw(w: u32, h: u32, f: impl Fn(f64, f64) -> [f64; 3]) -> Self {
        let mut px = Vec::with_capacity((w * h) as usize);
        for y in 0..h {
            for x in 0..w {
                px.push(byte(f(
                    f64::from(x) / f64::from(w),
                    f64::from(y) / f64::from(h),
                )));
            }
        }
        Self { w, h, px }
    }

    /// A river path at dusk: sky, low sun, hills, the river holding the
    /// light.
    pub fn dusk() -> Self {
        Self::draw(960, 640, |x, y| {
            let horizon = 0.58;
            let hills =
                horizon - 0.06 * (1.0 + (x * 7.0).sin() * 0.6 + (x * 17.0 + 1.3).sin() * 0.25);
            let sun = ((x - 0.66).powi(2) + ((y - 0.5) * 1.5).powi(2)).sqrt();
            if y < hills {
                let sky = mix([46.0, 58.0, 112.0], [250.0, 170.0, 110.0], y / horizon);
                let glow = (1.0 - smooth(0.0, 0.35, sun)) * 0.7;
                let disc = 1.0 - smooth(0.055, 0.065, sun);
                mix(
                    mix(sky, [255.0, 210.0, 150.0], glow),
                    [255.0, 236.0, 200.0],
                    disc,
                )
            } else if y < horizon + 0.02 {
                mix(
                    [52.0, 48.0, 70.0],
                    [70.0, 60.0, 80.0],
                    (x * 3.0).sin().abs(),
                )
            } else {
                // The river bends across; the bank is dark grass.
                let centre = 0.55 + 0.25 * ((y - horizon) * 4.0).sin();
                let width = 0.08 + (y - horizon) * 0.9;
                let d = (x - centre).abs();
                if d < width {
                    let shimmer = ((y * 180.0).sin() * 0.5 + 0.5)
                        * (1.0 - smooth(0.0, 0.2, (x - 0.66).abs()));
                    mix(
                        mix(
                            [70.0, 80.0, 130.0],
                            [240.0, 160.0, 110.0],
                            0.6 - (y - horizon),
                        ),
                        [255.0, 220.0, 170.0],
                        shimmer * 0.6,
                    )
                } else {
                    mix([38.0, 52.0, 40.0], [24.0, 34.0, 28.0], (y - horizon) * 2.0)
                }
            }
        })
    }

    /// A loaf of bread on a wooden table, in window light.
    pub fn bread() -> Self {
        Self::draw(800, 600, |x, y| {
            let grain = ((y * 90.0 + (x * 6.0).sin() * 2.0).sin() * 0.5 + 0.5) * 12.0;
            let table = [150.0 + grain, 105.0 + grain * 0.7, 70.0];
            let wall = mix([235.0, 225.0, 205.0], [200.0, 190.0, 170.0], x);
            let base = if y < 0.55 { wall } else { table };
            let dx = (x - 0.5) / 0.3;
            let dy = (y - 0.55) / 0.17;
            let r = dx * dx + dy * dy;
            if r < 1.0 && y < 0.62 {
                let crust = mix([205.0, 140.0, 70.0], [140.0, 80.0, 35.0], r);
                let score = ((dx * 3.0 + dy).abs() % 1.0 < 0.06) as u8 as f64;
                mix(crust, [235.0, 200.0, 140.0], score * 0.8)
            } else if (0.55..0.64).contains(&y) && dx.abs() < 1.1 {
                mix(base, [60.0, 40.0, 30.0], 0.35) // shadow
            } else {
                base
            }
        })
    }

    /// A simple portrait: head and shoulders against a soft background,
    /// in the person's colours.
    pub fn portrait(
        background: [f64; 3],
        clothes: [f64; 3],
        skin: [f64; 3],
        hair: [f64; 3],
    ) -> Self {
        Self::draw(480, 480, |x, y| {
            let bg = mix(
                background,
                mix(background, [255.0, 255.0, 255.0], 0.35),
                1.0 - y,
            );
            let head = ((x - 0.5) / 0.17).powi(2) + ((y - 0.42) / 0.21).powi(2);
            let hair_shape = ((x - 0.5) / 0.2).powi(2) + ((y - 0.36) / 0.2).powi(2);
            let shoulders = ((x - 0.5) / 0.38).powi(2) + ((y - 1.02) / 0.32).powi(2);
            if shoulders < 1.0 {
                mix(clothes, [0.0, 0.0, 0.0], shoulders * 0.25)
            } else if head < 1.0 {
                let side = smooth(-0.2, 0.3, x - 0.5) * 0.18;
                mix(skin, [60.0, 40.0, 30.0], side)
            } else if hair_shape < 1.0 && y < 0.5 {
                hair
            } else {
                bg
            }
        })
    }

    /// The picture as a PNG file.
    pub fn png(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity(self.px.len() * 3 + self.h as usize);
        for row in self.px.chunks(self.w as usize) {
            raw.push(0); // filter: none
            for p in row {
                raw.extend_from_slice(p);
            }
        }
        let mut z = vec![0x78, 0x01];
        let mut blocks = raw.chunks(65_535).peekable();
        while let Some(block) = blocks.next() {
            z.push(u8::from(blocks.peek().is_none()));
            let len = block.len() as u16;
            z.extend_from_slice(&len.to_le_bytes());
            z.extend_from_slice(&(!len).to_le_bytes());
            z.extend_from_slice(block);
        }
        z.extend_from_slice(&adler32(&raw).to_be_bytes());

        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&self.w.to_be_bytes());
        ihdr.extend_from_slice(&self.h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &z);
        chunk(&mut out, b"IEND", &[]);
        out
    }
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::{crc32, Picture};

    #[test]
    fn the_png_is_well_formed() {
        // The check value of CRC-32 (ISO-HDLC).
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let png = Picture::draw(3, 2, |x, _| [x * 255.0, 0.0, 0.0]).png();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes([png[16], png[17], png[18], png[19]]), 3);
        assert!(png.ends_with(&[0xAE, 0x42, 0x60, 0x82]), "IEND's CRC");
    }
}
