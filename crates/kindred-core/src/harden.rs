//! The process itself keeps secrets: the app and the CLI call
//! [`no_core_dumps`] first thing, so a crash never writes memory (decrypted
//! pages, the data key, text being typed) to a core file, and on Linux no
//! other process of the same user can attach a debugger to read it.

use crate::error::{Error, Result};

/// Turns core dumps off for this process and its children (the core-file
/// size limit goes to zero, soft and hard) and, on Linux, marks it not
/// dumpable (no core file, no ptrace attach by same-user processes).
pub fn no_core_dumps() -> Result<()> {
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        )
        .map_err(|e| Error::io("turn off core dumps", &e.into()))?;
        #[cfg(target_os = "linux")]
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
            .map_err(|e| Error::io("turn off core dumps", &e.into()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn core_dumps_are_off_and_the_process_is_not_dumpable() {
        super::no_core_dumps().unwrap();
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
