//! Nothing the CLI writes holds the user's words in plaintext: not the vault
//! folder, not the temp dir, not the home or XDG dirs.

use crate::util::*;

const NEEDLES: &[&str] = &[
    "Xylophonist",
    "quetzalbeak",
    "Bramblewood",
    "okapinote",
    "marzipantag",
];

#[test]
fn planted_phrases_are_in_no_file_the_cli_wrote() {
    let env = Env::new();
    env.init();
    env.run(&[
        "person",
        "add",
        "Bramblewood Fenn",
        "--met",
        "at the quetzalbeak cafe",
    ])
    .ok();
    env.run_in(&["note", "Bramblewood Fenn"], b"okapinote: likes rain")
        .ok();
    let id = env.write(
        "the Xylophonist played all night",
        &[
            "--title",
            "Xylophonist evening",
            "--tag",
            "marzipantag",
            "--person",
            "Bramblewood Fenn",
        ],
    );
    env.run_in(
        &["edit", &id.to_string(), "--stdin"],
        b"the Xylophonist played until dawn",
    )
    .ok();
    env.run(&["search", "xylophonist"]).ok();
    env.run(&["delete", &id.to_string()]).ok();
    // The person (and the note) stay, so the control export below holds
    // every needle but the deleted entry's.
    let files = readable_snapshot(env.tmp.path());
    assert!(
        files
            .iter()
            .filter(|(p, _)| p.starts_with(env.vault()))
            .count()
            >= 2,
        "the scan saw the vault files"
    );
    for (path, bytes) in &files {
        for n in NEEDLES {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                "{n:?} found in {}",
                path.display()
            );
        }
    }

    // The control: the same scan over a plaintext export of the same vault
    // (the entry restored from the trash first) finds every needle.
    env.run(&["restore-entry", &id.to_string()]).ok();
    let export = env.path("control-export.json");
    env.run(&[
        "export",
        "--format",
        "json",
        "--to",
        export.to_str().unwrap(),
        "--plaintext-ok",
    ])
    .ok();
    let control = readable_snapshot(env.tmp.path());
    for n in NEEDLES {
        let holders: Vec<_> = control
            .iter()
            .filter(|(_, b)| b.windows(n.len()).any(|w| w == n.as_bytes()))
            .map(|(p, _)| p.clone())
            .collect();
        assert_eq!(holders, vec![export.clone()], "control: {n:?}");
    }
}

/// Every file under `dir` with its bytes. A file the scan cannot read fails
/// the test (a silent skip could hide one holding plaintext).
fn readable_snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let kind = e.file_type().unwrap();
            if kind.is_dir() {
                stack.push(p);
            } else if kind.is_file() {
                let bytes = std::fs::read(&p)
                    .unwrap_or_else(|err| panic!("cannot read {}: {err}", p.display()));
                out.push((p, bytes));
            }
        }
    }
    out
}
