//! The one reader of process information, `/proc/<pid>/stat` (proc(5)): a process's command
//! name, state, parent, process group, session, start time and resident memory. Everything in
//! the suite and its tests that asks the kernel about a process asks here (a run folder's and a
//! report lock's owner, the reaper, the memory ceiling, the tests' process checks).
//!
//! The command name is in parentheses and may hold spaces and parentheses of its own, so the
//! fields are counted after the *last* `)`: field 3 (state) comes first, the start time is
//! field 22, in clock ticks since boot, the resident set size field 24, in pages.

use std::io;

/// One process, as its `/proc/<pid>/stat` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stat {
    /// The process id.
    pub pid: i32,
    /// The kernel's command name (at most 15 bytes), without the parentheses.
    pub comm: String,
    /// The state: `R`, `S`, `D`, `Z` (a zombie), `T`, ….
    pub state: char,
    /// The parent's pid.
    pub ppid: i32,
    /// The process group.
    pub pgrp: i32,
    /// The session.
    pub session: i32,
    /// The start time, in clock ticks since boot: with the pid, it names one process for good
    /// (a pid alone may be reused).
    pub start_ticks: u64,
    /// The resident set size, in pages (0 for a zombie, which has no memory of its own).
    pub rss_pages: u64,
}

impl Stat {
    /// Parses the text of a stat file; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let open = text.find('(')?;
        let close = text.rfind(')')?;
        let pid = text[..open].trim().parse().ok()?;
        let comm = text.get(open + 1..close)?.to_owned();
        let fields: Vec<&str> = text.get(close + 1..)?.split_whitespace().collect();
        Some(Self {
            pid,
            comm,
            state: fields.first()?.chars().next()?,
            ppid: fields.get(1)?.parse().ok()?,
            pgrp: fields.get(2)?.parse().ok()?,
            session: fields.get(3)?.parse().ok()?,
            // Field 22; the fields here start at field 3.
            start_ticks: fields.get(19)?.parse().ok()?,
            rss_pages: fields.get(21)?.parse().ok()?,
        })
    }

    /// The resident memory, in bytes (what `VmRSS` of `/proc/<pid>/status` says).
    pub fn resident_bytes(&self) -> u64 {
        self.rss_pages.saturating_mul(page_size())
    }

    /// True for a zombie: a process that has exited and waits to be reaped.
    pub fn is_zombie(&self) -> bool {
        self.state == 'Z'
    }
}

/// The kernel's page size, the unit of [`Stat::rss_pages`].
fn page_size() -> u64 {
    nix::unistd::sysconf(nix::unistd::SysconfVar::PAGE_SIZE)
        .ok()
        .flatten()
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(4096)
}

/// The stat of process `pid`: `Ok(None)` when there is no such process; `Err` when the file
/// cannot be read for another reason (a permission, no `/proc`) or is not a stat file.
pub fn read(pid: i32) -> io::Result<Option<Stat>> {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(text) => Stat::parse(&text)
            .map(Some)
            .ok_or_else(|| io::Error::other(format!("unreadable /proc/{pid}/stat"))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The stat of this process.
pub fn me() -> io::Result<Stat> {
    let pid = i32::try_from(std::process::id()).map_err(io::Error::other)?;
    read(pid)?.ok_or_else(|| io::Error::other("this process has no /proc entry"))
}

/// Every process visible in `/proc` right now, zombies included (one that ends between the
/// listing and its read is left out).
pub fn all() -> Vec<Stat> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(|pid| read(pid).ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_name_with_spaces_and_parentheses_is_read_whole() {
        let text = "4242 (Web Content (x)) S 17 4242 4240 0 -1 4194560 7 0 0 0 1 2 0 0 20 0 \
                    12 0 987654 123 45 18446744073709551615\n";
        let stat = Stat::parse(text).expect("a stat line");
        assert_eq!(
            stat,
            Stat {
                pid: 4242,
                comm: "Web Content (x)".into(),
                state: 'S',
                ppid: 17,
                pgrp: 4242,
                session: 4240,
                start_ticks: 987_654,
                rss_pages: 45,
            }
        );
        assert_eq!(stat.resident_bytes(), 45 * page_size());
        assert!(!stat.is_zombie());
        assert_eq!(Stat::parse("garbage"), None);
        assert_eq!(Stat::parse("12 (short) Z 1"), None);
    }

    #[test]
    fn this_process_is_listed_and_a_reaped_child_is_gone() {
        let me = me().expect("this process's stat");
        assert_eq!(me.pid as u32, std::process::id());
        assert!(me.start_ticks > 0 && me.ppid > 0, "{me:?}");
        // A running test binary holds some megabytes.
        assert!(me.resident_bytes() > 1024 * 1024, "{me:?}");
        assert!(
            all()
                .iter()
                .any(|p| p.pid == me.pid && p.start_ticks == me.start_ticks)
        );
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id() as i32;
        child.wait().unwrap();
        assert_eq!(read(pid).unwrap(), None);
    }
}
