//! Drivers and browsers die with the suite, even when the suite is SIGKILLed (no signal
//! handler, no destructor runs).
//!
//! Two ties, because each alone leaves something (measured: a SIGKILL of the suite left
//! geckodriver, Firefox and its content processes, or chromedriver, Chromium and its
//! crashpad handlers, running for good):
//! - each driver is spawned with `PR_SET_PDEATHSIG(SIGKILL)`, from one thread that lives as
//!   long as the process ([`spawn`]): the kernel sends the signal when the thread that forked
//!   the child ends, so a short-lived thread (tokio's blocking pool) would kill drivers
//!   under a live run;
//! - the driver's death does not end its browser (Chromium survives chromedriver; Firefox
//!   survives a killed geckodriver), so each driver's process group gets a watchdog
//!   ([`Watchdog`]): a tiny `sh` that blocks reading a pipe whose only writer is the suite,
//!   and kills the whole group when the pipe closes, which the kernel does when the suite
//!   dies, however it dies.

use std::{
    io,
    os::unix::process::CommandExt as _,
    process::{Child, ChildStdin, Command, Stdio},
    sync::{Mutex, OnceLock, mpsc},
};

use nix::{sys::signal::Signal, unistd::Pid};

type Job = (Command, mpsc::Sender<io::Result<Child>>);

/// The channel to the spawning thread, started on first use.
static SPAWNER: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();

fn spawner() -> &'static Mutex<mpsc::Sender<Job>> {
    SPAWNER.get_or_init(|| {
        let (jobs, inbox) = mpsc::channel::<Job>();
        // Never joined and never ends: its life is the process's (see the module doc).
        let started = std::thread::Builder::new()
            .name("driver-spawner".into())
            .spawn(move || {
                for (mut command, reply) in inbox {
                    let _ = reply.send(command.spawn());
                }
            });
        if let Err(e) = started {
            eprintln!("cannot start the driver-spawning thread: {e}");
        }
        Mutex::new(jobs)
    })
}

/// Spawns `command` so that it receives SIGKILL when this process ends, from the thread
/// that lives as long as the process.
///
/// # Errors
/// The spawn's own error, or one saying the spawning thread is gone.
pub fn spawn(mut command: Command) -> io::Result<Child> {
    let parent = nix::unistd::getpid();
    // SAFETY: between fork and exec only async-signal-safe calls are made (prctl, getppid),
    // and nothing allocates (errors are raw OS errors).
    unsafe {
        command.pre_exec(move || {
            nix::sys::prctl::set_pdeathsig(Signal::SIGKILL).map_err(io::Error::from)?;
            // The parent may have died before the line above: then nobody would kill us.
            if nix::unistd::getppid() != parent {
                return Err(io::Error::from_raw_os_error(nix::libc::ESRCH));
            }
            Ok(())
        });
    }
    let (reply, answer) = mpsc::channel();
    spawner()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .send((command, reply))
        .map_err(|_| io::Error::other("the driver-spawning thread is gone"))?;
    answer
        .recv()
        .map_err(|_| io::Error::other("the driver-spawning thread is gone"))?
}

/// A process that kills process group `pgid` (SIGKILL) when this process dies: it waits for
/// the end of a pipe that only this process writes to. Dropping it ends it without killing
/// anything: do that once the group was stopped the ordinary way (its pgid could be reused).
#[derive(Debug)]
pub struct Watchdog {
    child: Child,
    /// The pipe's write end; never written, its closing is the signal. Rust opens it
    /// close-on-exec, so no other child inherits it and keeps the pipe open.
    _pipe: ChildStdin,
}

impl Watchdog {
    /// Starts a watchdog over process group `pgid`.
    ///
    /// # Errors
    /// When `/bin/sh` cannot be started.
    pub fn start(pgid: u32) -> io::Result<Self> {
        // dash's kill needs `-s KILL --` before a negative pid (a process group).
        let mut child = Command::new("/bin/sh")
            .args([
                "-c",
                "read _ignored; kill -s KILL -- -\"$1\" 2>/dev/null",
                "herodesk-watchdog",
                &pgid.to_string(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Not in the terminal's group (a Ctrl-C must not end it: the suite handles that)
            // nor in the driver's (a stop of the group must not end it early).
            .process_group(0)
            .spawn()?;
        let pipe = child
            .stdin
            .take()
            .ok_or_else(|| io::Error::other("the watchdog has no pipe"))?;
        Ok(Self { child, _pipe: pipe })
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Killed before the pipe closes (fields drop after this), so it never gets to kill.
        let _ = nix::sys::signal::kill(Pid::from_raw(self.child.id() as i32), Signal::SIGKILL);
        let _ = self.child.wait();
    }
}
