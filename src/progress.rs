//! A progress line on standard error for work that takes more than a second: only when standard
//! error is a terminal and `--quiet` is not set, so pipes, logs and scheduled jobs stay clean.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Shows `what … 3.2 s` until dropped.
pub struct Progress {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the indicator; it stays silent for the first second and entirely when `quiet` is
    /// set or standard error is not a terminal.
    pub fn start(what: String, quiet: bool) -> Progress {
        let stop = Arc::new(AtomicBool::new(false));
        let handle = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut shown = false;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(200));
                    let elapsed = started.elapsed();
                    if elapsed >= Duration::from_secs(1) && !stop.load(Ordering::Relaxed) {
                        let _ = write!(
                            std::io::stderr(),
                            "\r{what} … {:.1} s",
                            elapsed.as_secs_f64()
                        );
                        shown = true;
                    }
                }
                if shown {
                    // Erase the line so that what follows starts clean.
                    let _ = write!(std::io::stderr(), "\r\x1b[2K");
                }
            })
        });
        Progress { stop, handle }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}
