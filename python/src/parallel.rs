//! Thread pools owned by the binding, and what happens to them on `fork`.
//!
//! Every parallel call runs inside one of these pools (never rayon's global
//! pool), so the library's own parallel code (scans, map drawing) uses it
//! too. A process forked after a pool was used (multiprocessing, Spark's
//! Python workers, a Dask worker started with fork) inherits the pools but
//! not their threads: work sent to them would wait forever. A fork handler
//! therefore drops the child's view of the parent's pools (they are leaked,
//! never touched again), and the child builds its own on first use. Only an
//! atomic store runs in the handler, which is safe between fork and exec.

use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Arc, Mutex, Once};

use pyo3::exceptions::PyValueError;
use pyo3::PyResult;
use rayon::{ThreadPool, ThreadPoolBuilder};

/// The most threads a call may ask for.
const MAX_THREADS: usize = 1024;

#[derive(Default)]
struct Pools {
    by_size: Mutex<Vec<(usize, Arc<ThreadPool>)>>,
}

/// This process's pools; null until first use and after a fork.
static POOLS: AtomicPtr<Pools> = AtomicPtr::new(std::ptr::null_mut());

fn pools() -> &'static Pools {
    let current = POOLS.load(Ordering::Acquire);
    if !current.is_null() {
        // SAFETY: a published `Pools` is never freed (see `forget_pools`).
        return unsafe { &*current };
    }
    let fresh = Box::into_raw(Box::<Pools>::default());
    match POOLS.compare_exchange(
        std::ptr::null_mut(),
        fresh,
        Ordering::AcqRel,
        Ordering::Acquire,
    ) {
        // SAFETY: just published, never freed.
        Ok(_) => unsafe { &*fresh },
        Err(other) => {
            // SAFETY: `fresh` was never shared; `other` is published.
            drop(unsafe { Box::from_raw(fresh) });
            unsafe { &*other }
        }
    }
}

/// Runs in the child after `fork`: the parent's pools have no threads here.
extern "C" fn forget_pools() {
    POOLS.store(std::ptr::null_mut(), Ordering::Release);
}

/// Registers [`forget_pools`] as a fork handler, once per process.
pub fn register_fork_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        #[cfg(unix)]
        // SAFETY: the handler only stores to an atomic.
        unsafe {
            libc::pthread_atfork(None, None, Some(forget_pools));
        }
    });
}

/// The number of threads for a `threads=` argument: `None` is every core
/// this process may use.
pub fn thread_count(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
        Some(0) => Err(PyValueError::new_err(
            "threads must be at least 1 (or None for every core)",
        )),
        Some(n) if n > MAX_THREADS => Err(PyValueError::new_err(format!(
            "threads={n} is more than {MAX_THREADS}; use None for every core"
        ))),
        Some(n) => Ok(n),
    }
}

/// A pool of `threads` threads, built on first use in this process.
pub fn pool(threads: usize) -> PyResult<Arc<ThreadPool>> {
    let mut by_size = pools()
        .by_size
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, pool)) = by_size.iter().find(|(n, _)| *n == threads) {
        return Ok(pool.clone());
    }
    let pool = ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("geomention-{i}"))
        .build()
        .map_err(|e| {
            pyo3::exceptions::PyRuntimeError::new_err(format!(
                "could not start {threads} threads: {e}"
            ))
        })?;
    let pool = Arc::new(pool);
    by_size.push((threads, pool.clone()));
    Ok(pool)
}
