//! Work spread over lanes: `lanes` threads take items from one queue, in order, until it is
//! empty. For tests whose runs mostly wait (a stuck page's timeout, a real-clock bound), so a
//! second run beside the first uses cores the first leaves idle. A panicking item ends its
//! lane only; the others empty the queue, and the panic reaches the caller at the end.

use std::{collections::VecDeque, sync::Mutex};

/// Runs `work` on every item of `items` (first items first) in `lanes` threads at once.
pub fn in_lanes<T: Send>(items: Vec<T>, lanes: usize, work: impl Fn(T) + Sync) {
    let queue = Mutex::new(VecDeque::from(items));
    std::thread::scope(|scope| {
        for _ in 0..lanes.max(1) {
            scope.spawn(|| {
                loop {
                    // A statement of its own: the lock is let go before the item runs (in a
                    // `while let` head it would be held for the whole body, and the lanes
                    // would take turns).
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
                    let Some(item) = next else {
                        break;
                    };
                    work(item);
                }
            });
        }
    });
}
