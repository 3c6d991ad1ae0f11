//! Batches larger than an API's `maxItems`: the inputs split into chunks ([`split`]) and one
//! [`Chunk`] per request, for the builders' `.send_chunked()`.

use std::ops::Range;

use crate::error::Error;

/// The outcome of one request of a chunked batch (`.send_chunked()`).
#[derive(Debug)]
pub struct Chunk<R> {
    /// The positions, in the caller's input list, of the inputs this request carried.
    pub inputs: Range<usize>,
    /// The typed response, or why the whole request failed.
    pub result: Result<R, Error>,
}

/// Splits `items` into consecutive chunks of at most `size` (at least 1), each with its range in
/// the original list. No chunk for an empty list.
pub fn split<T>(items: Vec<T>, size: usize) -> Vec<(Range<usize>, Vec<T>)> {
    let size = size.max(1);
    let mut chunks = Vec::with_capacity(items.len().div_ceil(size));
    let mut start = 0;
    let mut rest = items.into_iter().peekable();
    while rest.peek().is_some() {
        let part: Vec<T> = rest.by_ref().take(size).collect();
        let end = start + part.len();
        chunks.push((start..end, part));
        start = end;
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_keep_every_item_once_in_order() {
        let chunks = split((0..250).collect::<Vec<u32>>(), 100);
        let ranges: Vec<_> = chunks.iter().map(|(r, _)| r.clone()).collect();
        assert_eq!(ranges, vec![0..100, 100..200, 200..250]);
        let flat: Vec<u32> = chunks.into_iter().flat_map(|(_, part)| part).collect();
        assert_eq!(flat, (0..250).collect::<Vec<_>>());
        assert!(split(Vec::<u8>::new(), 100).is_empty());
        assert_eq!(
            split(vec![1, 2], 0).len(),
            2,
            "a zero size still makes progress"
        );
    }
}
