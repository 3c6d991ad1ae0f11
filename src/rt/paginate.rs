//! Cursor pagination as a `Stream`: the generated `.stream()` of list and search operations.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;

use super::Operation;
use crate::error::Error;

/// One page of results: its items and the cursor of the next page, if any. Used by generated
/// code.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items, in order.
    pub items: Vec<T>,
    /// The cursor to send for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// A stream of every item across pages, returned by `.stream()`. Poll it with
/// `futures_util::StreamExt::next` (or `TryStreamExt`).
pub type Paginated<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

enum State {
    /// Nothing fetched yet.
    Start,
    /// The cursor of the next page.
    Next(String),
    /// No page left (or an error was yielded).
    Done,
}

/// Turns a page fetcher into a stream of items. `fetch(None)` gets the first page (with whatever
/// cursor the request already had), `fetch(Some(cursor))` the following ones. Pages are fetched
/// lazily, one at a time. With `max_results`, the stream ends with
/// [`Error::InvalidRequest`] rather than asking for a page past that many results (an API that
/// caps results per query would refuse it). Used by generated code.
pub fn paginate<T, F, Fut>(
    operation: &'static Operation,
    max_results: Option<u64>,
    fetch: F,
) -> Paginated<T>
where
    T: Send + 'static,
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    struct Pager<T, F> {
        fetch: F,
        buffer: VecDeque<T>,
        state: State,
        yielded: u64,
    }
    let pager = Pager {
        fetch,
        buffer: VecDeque::new(),
        state: State::Start,
        yielded: 0,
    };
    Box::pin(futures_util::stream::unfold(
        pager,
        move |mut pager| async move {
            loop {
                if let Some(item) = pager.buffer.pop_front() {
                    pager.yielded += 1;
                    return Some((Ok(item), pager));
                }
                let cursor = match std::mem::replace(&mut pager.state, State::Done) {
                    State::Done => return None,
                    State::Start => None,
                    State::Next(cursor) => {
                        if let Some(max) = max_results {
                            let offset = cursor.parse::<u64>().unwrap_or(pager.yielded);
                            if offset >= max || pager.yielded >= max {
                                let error = super::invalid(
                                operation,
                                format!(
                                    "the API returns at most {max} results for one query and this one has more; \
                                     narrow the query (for example split it by a date range) to read the rest"
                                ),
                            );
                                return Some((Err(error), pager));
                            }
                        }
                        Some(cursor)
                    }
                };
                match (pager.fetch)(cursor).await {
                    Ok(page) => {
                        pager.buffer.extend(page.items);
                        pager.state = match page.next {
                            Some(next) if !next.is_empty() => State::Next(next),
                            _ => State::Done,
                        };
                    }
                    Err(error) => return Some((Err(error), pager)),
                }
            }
        },
    ))
}
