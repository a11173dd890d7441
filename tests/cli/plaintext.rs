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
    for dir in [env.tmp.path()] {
        for (path, bytes) in snapshot(dir) {
            if path.starts_with(env.path("script.sh")) {
                continue;
            }
            for n in NEEDLES {
                assert!(
                    !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                    "{n:?} found in {}",
                    path.display()
                );
            }
        }
    }
    assert!(
        snapshot(&env.vault()).len() >= 2,
        "the scan saw the vault files"
    );
}
