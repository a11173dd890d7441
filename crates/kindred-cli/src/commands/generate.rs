//! `kindred generate man|bash|zsh|fish`: the man page and shell
//! completions, written from the command line's own definition so they
//! never fall behind it. `cargo xtask package` puts them in the packages.

use clap::CommandFactory;

use super::Result;
use crate::cli::{Cli, Generated};
use crate::output;

/// Writes what was asked for to standard output.
pub fn print(what: Generated) -> Result {
    let mut cmd = Cli::command();
    let mut text = Vec::new();
    let shell = match what {
        Generated::Man => {
            // Rendering into memory cannot fail.
            let _ = clap_mangen::Man::new(cmd).render(&mut text);
            return output::out(&String::from_utf8_lossy(&text));
        }
        Generated::Bash => clap_complete::Shell::Bash,
        Generated::Zsh => clap_complete::Shell::Zsh,
        Generated::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut cmd, "kindred", &mut text);
    output::out(&String::from_utf8_lossy(&text))
}
