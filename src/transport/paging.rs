//! Cursor pagination: a stream of pages ([`pages`]) and of their items ([`items`]) over a page
//! fetcher, with the guards a misbehaving server needs.
//!
//! The stream ends with [`Error::Paging`] when the server sends a cursor this stream has already
//! seen (any earlier one, not only the last: following it would repeat pages forever) or
//! [`MAX_EMPTY_PAGES`] empty pages in a row that each point to a next page. It can be bounded by
//! pages or items ([`PageLimits`]), and it yields to the executor between pages, so a
//! `tokio::time::timeout` around `next()` gets control back even when pages come back at once.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::Error;
use crate::operation::Operation;
use crate::redact::Redactor;
use crate::text::excerpt;
use crate::wire::invalid;

/// How many empty pages in a row, each with a next cursor, end a stream with an error.
pub(crate) const MAX_EMPTY_PAGES: u32 = 3;

/// Cursors longer than this are cut in error messages.
const CURSOR_CHARS: usize = 120;

/// One page of results: its items and the cursor of the next page, if any.
///
/// Save `next` to resume later: a builder's `starting_after(cursor)` starts a new stream at the
/// page after the one it came with.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items, in order.
    pub items: Vec<T>,
    /// The cursor to send for the next page; `None` on the last page.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// A page of `items` followed by the page at `next` (an empty cursor means none). Used by
    /// generated code.
    pub fn new(items: Vec<T>, next: Option<String>) -> Self {
        Page {
            items,
            next: next.filter(|cursor| !cursor.is_empty()),
        }
    }
}

/// A stream of pages (`.pages()` of list and search builders).
pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<Page<T>, Error>> + Send>>;

/// A stream of every item across pages (`.stream()` of list and search builders). Poll it with
/// `futures_util::StreamExt::next` (or `TryStreamExt`).
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// Bounds and the starting point of a stream, set with the builders' `max_pages`, `max_items`
/// and `starting_after`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageLimits {
    /// Stop after this many pages.
    pub(crate) max_pages: Option<u64>,
    /// Stop after this many items.
    pub(crate) max_items: Option<u64>,
    /// The cursor the stream starts after (already set on the request).
    pub(crate) start: Option<String>,
}

/// What a pager knows besides the fetcher.
pub(crate) struct Pager {
    pub(crate) operation: &'static Operation,
    /// Results the API returns for one query at most (HubSpot search: 10,000).
    pub(crate) max_results: Option<u64>,
    pub(crate) limits: PageLimits,
    /// Redacts cursors in errors; without one, cursors are not shown.
    pub(crate) redactor: Option<Redactor>,
}

enum Next {
    /// The first page: the request as it is.
    First,
    /// The page after this cursor.
    After(String),
    /// Yield this error, then end.
    Failed(Error),
    /// Nothing left.
    Done,
}

struct State<F> {
    fetch: F,
    next: Next,
    seen: HashSet<String>,
    empty_in_a_row: u32,
    pages: u64,
    items: u64,
    pager: Pager,
}

impl<F> State<F> {
    fn bounded(&self) -> bool {
        let limits = &self.pager.limits;
        limits.max_pages.is_some_and(|max| self.pages >= max)
            || limits.max_items.is_some_and(|max| self.items >= max)
    }

    /// The cursor as an error may show it.
    fn shown(&self, cursor: &str) -> String {
        match &self.pager.redactor {
            Some(redactor) => excerpt(&redactor.redact(cursor), CURSOR_CHARS),
            None => String::new(),
        }
    }

    fn paging_error(&self, cursor: &str, what: String) -> Error {
        let shown = self.shown(cursor);
        let named = if shown.is_empty() {
            format!(
                "a cursor of {} characters (not shown)",
                cursor.chars().count()
            )
        } else {
            format!("the cursor `{shown}`")
        };
        Error::Paging {
            operation: self.pager.operation.name,
            pages: self.pages,
            cursor: shown,
            message: what.replace("{cursor}", &named),
        }
    }

    /// What follows a page whose next cursor is `cursor`.
    fn after(&mut self, cursor: String, empty: bool) -> Next {
        if !self.seen.insert(cursor.clone()) {
            return Next::Failed(
                self.paging_error(
                    &cursor,
                    "the server sent {cursor} again: following it would request pages already \
                 received, forever"
                        .to_owned(),
                ),
            );
        }
        if !empty {
            self.empty_in_a_row = 0;
            return Next::After(cursor);
        }
        self.empty_in_a_row += 1;
        if self.empty_in_a_row >= MAX_EMPTY_PAGES {
            return Next::Failed(self.paging_error(
                &cursor,
                format!(
                    "the server sent {MAX_EMPTY_PAGES} empty pages in a row, each pointing to a \
                     next page (the last: {{cursor}}); stopping rather than requesting pages that \
                     hold nothing"
                ),
            ));
        }
        Next::After(cursor)
    }

    /// The error for a cursor past the API's results cap, if it is.
    fn past_cap(&self, cursor: &str) -> Option<Error> {
        let max = self.pager.max_results?;
        let offset = cursor.parse::<u64>().unwrap_or(self.items);
        (offset >= max || self.items >= max).then(|| {
            invalid(
                self.pager.operation,
                format!(
                    "the API returns at most {max} results for one query and this one has more; \
                     narrow the query (for example split it by a date range) to read the rest"
                ),
            )
        })
    }
}

/// The pages `fetch` returns: `fetch(None)` gets the first page (the request as it is),
/// `fetch(Some(cursor))` the page after `cursor`. Pages are fetched lazily, one at a time; an
/// error ends the stream after it is yielded.
pub(crate) fn pages<T, F, Fut>(pager: Pager, fetch: F) -> PageStream<T>
where
    T: Send + 'static,
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    let seen = pager.limits.start.iter().cloned().collect();
    let state = State {
        fetch,
        next: Next::First,
        seen,
        empty_in_a_row: 0,
        pages: 0,
        items: 0,
        pager,
    };
    Box::pin(futures_util::stream::unfold(
        state,
        |mut state| async move {
            let cursor = match std::mem::replace(&mut state.next, Next::Done) {
                Next::Done => return None,
                Next::Failed(error) => return Some((Err(error), state)),
                Next::First => None,
                Next::After(cursor) => Some(cursor),
            };
            if state.bounded() {
                return None;
            }
            if let Some(error) = cursor.as_deref().and_then(|c| state.past_cap(c)) {
                return Some((Err(error), state));
            }
            if state.pages > 0 {
                YieldNow(false).await;
            }
            match (state.fetch)(cursor).await {
                Err(error) => Some((Err(error), state)),
                Ok(page) => {
                    state.pages += 1;
                    state.items += page.items.len() as u64;
                    state.next = match page.next.clone().filter(|c| !c.is_empty()) {
                        Some(next) => state.after(next, page.items.is_empty()),
                        None => Next::Done,
                    };
                    Some((Ok(page), state))
                }
            }
        },
    ))
}

/// The items of `pages`, in order, at most `max_items` of them.
pub(crate) fn items<T: Send + 'static>(
    pages: PageStream<T>,
    max_items: Option<u64>,
) -> ItemStream<T> {
    let state = (pages, VecDeque::new(), 0u64, false);
    Box::pin(futures_util::stream::unfold(
        state,
        move |(mut pages, mut buffer, mut yielded, mut ended)| async move {
            loop {
                if max_items.is_some_and(|max| yielded >= max) {
                    return None;
                }
                if let Some(item) = buffer.pop_front() {
                    yielded += 1;
                    return Some((Ok(item), (pages, buffer, yielded, ended)));
                }
                if ended {
                    return None;
                }
                match futures_util::StreamExt::next(&mut pages).await {
                    None => ended = true,
                    Some(Ok(page)) => buffer.extend(page.items),
                    Some(Err(error)) => {
                        return Some((Err(error), (pages, buffer, yielded, true)));
                    }
                }
            }
        },
    ))
}

/// Returns `Pending` once (after asking to be polled again), then `Ready`: lets other tasks and
/// timers run between pages.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    use futures_util::StreamExt;

    use super::*;
    use crate::operation::Method;

    static LIST: Operation = Operation {
        name: "list_things",
        method: Method::GET,
        path: "/things",
        security: &[],
        idempotent: true,
    };

    fn pager(limits: PageLimits) -> Pager {
        Pager {
            operation: &LIST,
            max_results: None,
            limits,
            redactor: Some(Redactor::new(["secret-cursor-value"], str::to_owned)),
        }
    }

    type Fetch = std::future::Ready<Result<Page<u32>, Error>>;

    /// A server whose page `n` (0-based) is `script(n)`; counts the requests.
    fn server(
        script: impl Fn(u32, Option<String>) -> Page<u32> + Send + Sync + 'static,
    ) -> (
        Arc<AtomicU32>,
        impl FnMut(Option<String>) -> Fetch + Send + 'static,
    ) {
        let count = Arc::new(AtomicU32::new(0));
        let counter = count.clone();
        let fetch = move |cursor| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Ok(script(n, cursor)))
        };
        (count, fetch)
    }

    async fn drain<T>(mut stream: ItemStream<T>) -> (Vec<T>, Option<Error>) {
        let mut items = Vec::new();
        while let Some(next) = stream.next().await {
            match next {
                Ok(item) => items.push(item),
                Err(error) => return (items, Some(error)),
            }
        }
        (items, None)
    }

    #[tokio::test]
    async fn any_repeated_cursor_ends_the_stream_after_the_page_that_sent_it() {
        // c1, c2, then c1 again.
        let (count, fetch) = server(|n, _| {
            let next = ["c1", "c2", "c1"][n as usize % 3];
            Page::new(vec![n], Some(next.to_owned()))
        });
        let (got, error) = drain(super::items(
            pages(pager(PageLimits::default()), fetch),
            None,
        ))
        .await;
        assert_eq!(got, [0, 1, 2]);
        assert_eq!(count.load(Ordering::SeqCst), 3);
        let Some(Error::Paging {
            operation,
            cursor,
            pages,
            message,
        }) = error
        else {
            panic!("expected a paging error, got {error:?}");
        };
        assert_eq!(
            (operation, cursor.as_str(), pages),
            ("list_things", "c1", 3)
        );
        assert!(message.contains("the cursor `c1` again"), "{message}");
    }

    #[tokio::test]
    async fn empty_pages_with_cursors_end_the_stream_after_the_bound() {
        let (count, fetch) = server(|n, _| Page::new(vec![], Some(format!("c{n}"))));
        let (got, error) = drain(super::items(
            pages(pager(PageLimits::default()), fetch),
            None,
        ))
        .await;
        assert!(got.is_empty());
        assert_eq!(count.load(Ordering::SeqCst), MAX_EMPTY_PAGES);
        assert!(matches!(error, Some(Error::Paging { .. })), "{error:?}");
        // An empty page among full ones is fine.
        let (_, fetch) = server(|n, _| match n {
            0 | 2 => Page::new(vec![], Some(format!("c{n}"))),
            1 => Page::new(vec![1], Some("c1".to_owned())),
            _ => Page::new(vec![3], None),
        });
        let (got, error) = drain(super::items(
            pages(pager(PageLimits::default()), fetch),
            None,
        ))
        .await;
        assert_eq!((got, error.is_none()), (vec![1, 3], true));
    }

    #[tokio::test]
    async fn the_starting_cursor_counts_as_seen_and_secrets_in_cursors_are_redacted() {
        let limits = PageLimits {
            start: Some("secret-cursor-value".to_owned()),
            ..PageLimits::default()
        };
        let (count, fetch) = server(|_, _| Page::new(vec![7], Some("secret-cursor-value".into())));
        let (got, error) = drain(super::items(pages(pager(limits), fetch), None)).await;
        assert_eq!((got, count.load(Ordering::SeqCst)), (vec![7], 1));
        let shown = error.map(|e| format!("{e} {e:?}")).unwrap_or_default();
        assert!(shown.contains("<redacted>"), "{shown}");
        assert!(!shown.contains("secret-cursor-value"), "{shown}");

        // Without a redactor (the generated code of before), cursors are not shown at all.
        let (_, fetch) = server(|_, _| Page::new(vec![7], Some("secret-cursor-value".into())));
        let mut blind = pager(PageLimits::default());
        blind.redactor = None;
        let (_, error) = drain(super::items(pages(blind, fetch), None)).await;
        let shown = error.map(|e| format!("{e} {e:?}")).unwrap_or_default();
        assert!(shown.contains("19 characters (not shown)"), "{shown}");
        assert!(!shown.contains("secret-cursor-value"), "{shown}");
    }

    #[tokio::test]
    async fn bounds_stop_fetching() {
        let endless = |n: u32, _| Page::new(vec![n * 10, n * 10 + 1], Some(format!("c{n}")));
        let (count, fetch) = server(endless);
        let limits = PageLimits {
            max_pages: Some(2),
            ..PageLimits::default()
        };
        let (got, error) = drain(super::items(pages(pager(limits), fetch), None)).await;
        assert_eq!((got, error.is_none()), (vec![0, 1, 10, 11], true));
        assert_eq!(count.load(Ordering::SeqCst), 2);

        let (count, fetch) = server(endless);
        let limits = PageLimits {
            max_items: Some(3),
            ..PageLimits::default()
        };
        let (got, _) = drain(super::items(pages(pager(limits), fetch), Some(3))).await;
        assert_eq!(got, [0, 1, 10]);
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn the_stream_yields_between_pages_even_when_pages_come_at_once() {
        let (count, fetch) = server(|n, _| Page::new(vec![n], Some(format!("c{n}"))));
        let mut stream = pages(pager(PageLimits::default()), fetch);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        // The first page comes in the first poll.
        assert!(matches!(
            stream.as_mut().poll_next(&mut cx),
            Poll::Ready(Some(Ok(_)))
        ));
        // The second poll gives control back before fetching the next page, then fetches it.
        assert!(stream.as_mut().poll_next(&mut cx).is_pending());
        assert_eq!(count.load(Ordering::SeqCst), 1);
        assert!(matches!(
            stream.as_mut().poll_next(&mut cx),
            Poll::Ready(Some(Ok(_)))
        ));
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }
}
