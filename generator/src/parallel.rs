//! Work spread over the available cores with `std::thread::scope`: the modules of a run, the
//! pieces of one large module. Results come back in input order, so output never depends on
//! how many threads there are.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// How many threads to use: the available cores.
pub fn threads() -> usize {
    thread::available_parallelism().map_or(1, usize::from)
}

/// `f` of every item, in input order, computed on up to `threads` threads. Each thread takes
/// the next item not yet taken, so one large item does not hold up the items dealt after it.
/// `None` when a thread panicked.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Option<Vec<R>> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return Some(items.iter().map(f).collect());
    }
    let next = AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        let mut all = Vec::with_capacity(items.len());
        for worker in workers {
            all.extend(worker.join().ok()?);
        }
        all.sort_by_key(|(i, _)| *i);
        Some(all.into_iter().map(|(_, r)| r).collect())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_input_order_whatever_the_threads() {
        let items: Vec<u32> = (0..37).collect();
        let expected: Vec<u32> = items.iter().map(|i| i * i).collect();
        for threads in [1, 2, 3, 8, 100] {
            assert_eq!(
                super::map(&items, threads, |i| i * i),
                Some(expected.clone())
            );
        }
        assert_eq!(super::map(&[] as &[u32], 4, |i| *i), Some(vec![]));
    }

    #[test]
    fn a_panicking_worker_is_none_not_a_panic() {
        let items = [1, 2, 3, 4];
        let result = std::panic::catch_unwind(|| {
            super::map(&items, 2, |i| if *i == 3 { panic!("boom") } else { *i })
        });
        assert_eq!(result.ok().flatten(), None);
    }
}
