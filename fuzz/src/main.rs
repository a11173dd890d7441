//! The AFL++ binary: `kindred-fuzz TARGET`, run by `afl-fuzz` (see
//! `cargo xtask fuzz`), runs that target on every input AFL++ gives it in
//! one persistent process. Outside AFL++ it runs the target once on its
//! standard input, which is how `cargo xtask fuzz` replays a crash to
//! tell a panic from an allocation over the limit. `--list` prints the
//! targets' names.

#![allow(clippy::print_stdout)] // `--list` answers on stdout

mod limit;

use std::process::ExitCode;

#[global_allocator]
static ALLOC: limit::Limited = limit::Limited::new(limit::LIMIT);

fn main() -> ExitCode {
    let name = std::env::args().nth(1).unwrap_or_default();
    if name == "--list" {
        for t in kindred_fuzz::TARGETS {
            println!("{}", t.name);
        }
        return ExitCode::SUCCESS;
    }
    let Some(target) = kindred_fuzz::target(&name) else {
        let names: Vec<&str> = kindred_fuzz::TARGETS.iter().map(|t| t.name).collect();
        eprintln!("usage: kindred-fuzz TARGET (one of {})", names.join(", "));
        return ExitCode::from(2);
    };
    afl::fuzz!(|data: &[u8]| (target.run)(data));
    ExitCode::SUCCESS
}
