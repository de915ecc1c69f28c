//! The gate between a run's steps that create or rename files and the signal handler that
//! removes them (see the parent module): the handler closes it, waiting until no step is under
//! way; a step that comes after it was closed never starts.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{PoisonError, RwLock, RwLockWriteGuard, TryLockError};
use std::time::Duration;

pub struct Gate {
    /// Held (shared) by each step while it runs, and (exclusive) by the closer.
    steps: RwLock<()>,
    /// Set when the gate is being closed: no step starts after it.
    closing: AtomicBool,
}

thread_local! {
    /// How deep this thread is in steps: a step inside another runs under its hold, so that
    /// the closer, which waits for every hold to be released, is never waited for in turn.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// How often the closer tries again (and interrupts again) while steps are under way.
const RETRY_EVERY: Duration = Duration::from_millis(5);

impl Gate {
    pub const fn new() -> Gate {
        Gate {
            steps: RwLock::new(()),
            closing: AtomicBool::new(false),
        }
    }

    /// Runs `step` unless the gate is closing; then the thread waits for ever (for the end of
    /// the process).
    pub fn step<T>(&self, step: impl FnOnce() -> T) -> T {
        if DEPTH.get() > 0 {
            return step();
        }
        let hold = self.steps.read().unwrap_or_else(PoisonError::into_inner);
        if self.is_closing() {
            drop(hold);
            wait_for_ever();
        }
        struct Inside;
        impl Drop for Inside {
            fn drop(&mut self) {
                DEPTH.set(DEPTH.get() - 1);
            }
        }
        DEPTH.set(DEPTH.get() + 1);
        let _inside = Inside;
        step()
    }

    pub fn is_closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// Closes the gate: no step starts any more, and once the steps under way have ended (each
    /// sped up by `interrupt`, called until then), the returned hold keeps them from running.
    pub fn close(&self, mut interrupt: impl FnMut()) -> RwLockWriteGuard<'_, ()> {
        self.closing.store(true, Ordering::SeqCst);
        loop {
            // Again while waiting: what started just before the gate closed may not have been
            // under way when the first interrupt came.
            interrupt();
            match self.steps.try_write() {
                Ok(hold) => return hold,
                Err(TryLockError::Poisoned(poisoned)) => return poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => std::thread::sleep(RETRY_EVERY),
            }
        }
    }
}

/// Parks the thread for ever: a closed gate's steps wait for the end of the process.
pub fn wait_for_ever() -> ! {
    loop {
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;
    use std::sync::mpsc;

    fn leaked() -> &'static Gate {
        Box::leak(Box::new(Gate::new()))
    }

    #[test]
    fn closing_waits_for_the_step_under_way_to_end() {
        let gate = leaked();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("created-at-the-end-of-the-step");
        let (entered, inside) = mpsc::channel();
        let created = file.clone();
        std::thread::spawn(move || {
            gate.step(|| {
                entered.send(()).unwrap();
                std::thread::sleep(Duration::from_millis(200));
                std::fs::write(&created, "x").unwrap();
            })
        });
        inside.recv().unwrap();
        let _hold = gate.close(|| {});
        assert!(file.exists(), "the gate closed before the step ended");
    }

    #[test]
    fn no_step_starts_once_the_gate_is_closing() {
        let gate = leaked();
        static RAN: AtomicU32 = AtomicU32::new(0);
        let hold = gate.close(|| {});
        let (started, waiting) = mpsc::channel();
        std::thread::spawn(move || {
            started.send(()).unwrap();
            gate.step(|| RAN.fetch_add(1, Ordering::SeqCst));
        });
        waiting.recv().unwrap();
        drop(hold);
        // Released: a step that had not seen the closing would run now.
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(RAN.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn steps_inside_steps_run_and_the_gate_then_closes() {
        let gate = leaked();
        let inner = gate.step(|| gate.step(|| gate.step(|| 3)));
        assert_eq!(inner, 3);
        drop(gate.close(|| {}));
        assert!(gate.is_closing());
    }

    #[test]
    fn closing_interrupts_a_query_under_way_and_waits_for_it() {
        let gate = leaked();
        let conn = duckdb::Connection::open_in_memory().unwrap();
        let handle = conn.interrupt_handle();
        let (entered, inside) = mpsc::channel();
        let query = std::thread::spawn(move || {
            gate.step(|| {
                entered.send(()).unwrap();
                // Hours of work unless interrupted.
                conn.query_row(
                    "SELECT sum(hash(i)) FROM range(1000000000000) t(i)",
                    [],
                    |row| row.get::<_, i128>(0),
                )
            })
        });
        inside.recv().unwrap();
        let hold = gate.close(|| handle.interrupt());
        let result = query.join().unwrap();
        assert!(result.is_err(), "the query was not interrupted: {result:?}");
        drop(hold);
    }
}
