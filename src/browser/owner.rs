//! Which process owns a file the suite leaves while it runs (a run's temporary folder, a
//! report folder's lock), written into that file so that a later run can tell a live owner
//! from a dead one, even when a SIGKILL left the file behind.
//!
//! An owner is a pid and that process's start time (field 22 of `/proc/<pid>/stat`, in clock
//! ticks since boot): a pid alone may be reused by an unrelated process after the owner died.
//! The file's format is one line, `<pid> <start time>`.

use std::fmt;

/// A process, named by its pid and start time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// The process id.
    pub pid: u32,
    /// Its start time in clock ticks since boot (`/proc/<pid>/stat`, field 22).
    pub start: u64,
}

impl Owner {
    /// This process.
    pub fn me() -> Self {
        let pid = std::process::id();
        Self {
            pid,
            start: start_time(pid).ok().flatten().unwrap_or(0),
        }
    }

    /// Reads an owner line (`<pid> <start time>`); `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let mut fields = text.split_whitespace();
        let pid = fields.next()?.parse().ok()?;
        let start = fields.next()?.parse().ok()?;
        Some(Self { pid, start })
    }

    /// True only when the owner is certainly gone: no such process, a zombie, or another
    /// process under the same pid (another start time). Anything unsure (no `/proc`, a
    /// permission error) is "maybe alive", so a live run's files are never taken.
    pub fn is_provably_dead(&self) -> bool {
        match start_time(self.pid) {
            Ok(None) => true,
            Ok(Some(start)) => start != self.start,
            Err(_) => false,
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.pid, self.start)
    }
}

/// The start time of a live process; `Ok(None)` when there is no such live process (gone or
/// a zombie); `Err` when `/proc` cannot say.
fn start_time(pid: u32) -> std::io::Result<Option<u64>> {
    let pid = i32::try_from(pid).map_err(std::io::Error::other)?;
    Ok(crate::browser::proc_stat::read(pid)?
        .filter(|stat| !stat.is_zombie())
        .map(|stat| stat.start_ticks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reused_pid_or_a_gone_one_is_dead() {
        let me = Owner::me();
        assert!(me.start > 0, "{me}");
        assert!(!me.is_provably_dead());
        assert_eq!(Owner::parse(&me.to_string()), Some(me));
        // Same pid, another start time: the pid was reused, the owner is gone.
        let reused = Owner {
            start: me.start + 1,
            ..me
        };
        assert!(reused.is_provably_dead());
        // A child that has exited and been reaped.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = Owner {
            pid: child.id(),
            start: 0,
        };
        child.wait().unwrap();
        assert!(gone.is_provably_dead());
        assert_eq!(Owner::parse("garbage"), None);
    }
}
