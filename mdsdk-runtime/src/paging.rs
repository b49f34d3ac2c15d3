//! The pages of a paged list as a stream, and its items as another: the
//! same call sent again for each page, with the page number (or offset)
//! moved on and everything else as the caller set it.
//!
//! Lazy: a page is requested when the stream is polled for it and the one
//! before it has been taken, so a stream dropped early asks for nothing
//! more. Each page is a whole call, with the client's retries and time
//! limits.

use std::pin::Pin;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use crate::call::Call;
use crate::decode::DecodeSuccess;
use crate::error::Error;

/// A page of a paged list, as the streams read it: implemented by a
/// generated crate for the type of each list's pages.
pub trait Page {
    /// What the list holds.
    type Item;
    /// How many items this page holds.
    fn item_count(&self) -> usize;
    /// How many items the whole list holds, when the page says.
    fn total_count(&self) -> Option<u64>;
    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// How a paged list asks for the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `page=0`, `page=1`, …: the query parameter of the page number, and
    /// the number of the first page when the caller set none.
    Number {
        /// `page`.
        param: &'static str,
        /// The documented default of the parameter, else 0.
        first: u64,
    },
    /// `offset=0`, then past the items seen so far: the query parameter of
    /// the offset, which starts at the caller's, else 0.
    Offset {
        /// `offset`.
        param: &'static str,
    },
}

/// A stream of the pages of a paged list, or of their items: each `Ok`
/// until the list ends, or an `Err` and then the end.
pub type PageStream<T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'static>>;

/// Where a page stream is: what the next request asks for, and what the
/// pages so far said.
struct Cursor {
    call: Call,
    paging: Paging,
    /// Where the stream started: the first page's number, or its offset.
    start: u64,
    /// The number or offset of the next page.
    next: u64,
    /// The items of the pages so far.
    seen: u64,
    /// The most items a page held: at most the page size, so `start`
    /// pages of it are at most the items before the first page.
    largest: u64,
}

impl Cursor {
    fn new(call: Call, paging: Paging) -> Cursor {
        let (param, default) = match paging {
            Paging::Number { param, first } => (param, first),
            Paging::Offset { param } => (param, 0),
        };
        let start = call
            .query_set(param)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default);
        Cursor {
            call,
            paging,
            start,
            next: start,
            seen: 0,
            largest: 0,
        }
    }

    /// Takes a page of `count` items in; whether the list ends with it.
    fn advance(&mut self, count: usize, total: Option<u64>) -> bool {
        let count = count as u64;
        self.seen = self.seen.saturating_add(count);
        self.largest = self.largest.max(count);
        let (before, next) = match self.paging {
            Paging::Number { .. } => (
                self.start.saturating_mul(self.largest),
                self.next.saturating_add(1),
            ),
            Paging::Offset { .. } => (self.start, self.start.saturating_add(self.seen)),
        };
        self.next = next;
        count == 0 || total.is_some_and(|total| before.saturating_add(self.seen) >= total)
    }

    fn param(&self) -> &'static str {
        match self.paging {
            Paging::Number { param, .. } | Paging::Offset { param } => param,
        }
    }
}

impl Call {
    /// The pages of a paged list, each a call of this one with the page
    /// number or offset of `paging` moved on. The stream ends after the
    /// page that reaches the list's total count, at an empty page (yielded
    /// only when it is the first), or with the error of a page that failed.
    pub fn pages<P, E>(self, paging: Paging) -> PageStream<P, E>
    where
        P: Page + DecodeSuccess + Send + 'static,
        E: DeserializeOwned + Send + 'static,
    {
        let cursor = Cursor::new(self, paging);
        stream::unfold(Some(cursor), |cursor| async move {
            let mut cursor = cursor?;
            let mut call = cursor.call.clone();
            call.query(cursor.param(), cursor.next);
            let first = cursor.seen == 0;
            match call.send::<P, E>().await {
                Err(error) => Some((Err(error), None)),
                Ok(page) => {
                    let count = page.item_count();
                    let ended = cursor.advance(count, page.total_count());
                    if count == 0 && !first {
                        return None;
                    }
                    Some((Ok(page), (!ended).then_some(cursor)))
                }
            }
        })
        .boxed()
    }
}

/// The items of each page of `pages`, in order; the stream ends with the
/// error of a page that failed.
pub fn items<P, E>(pages: PageStream<P, E>) -> PageStream<P::Item, E>
where
    P: Page + Send + 'static,
    P::Item: Send + 'static,
    E: Send + 'static,
{
    pages
        .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(paging: Paging, start: u64) -> Cursor {
        let mut cursor = Cursor::new(crate::call::tests::call(), paging);
        cursor.start = start;
        cursor.next = start;
        cursor
    }

    const PAGE: Paging = Paging::Number {
        param: "page",
        first: 0,
    };

    #[test]
    fn page_numbers_count_up_to_the_total() {
        let mut c = cursor(PAGE, 0);
        assert!(!c.advance(3, Some(7)));
        assert_eq!(c.next, 1);
        assert!(!c.advance(3, Some(7)));
        assert!(c.advance(1, Some(7)));
        // A last page exactly full ends the list without asking for more.
        let mut c = cursor(PAGE, 0);
        assert!(!c.advance(3, Some(6)));
        assert!(c.advance(3, Some(6)));
        // Without a total, only an empty page ends it.
        let mut c = cursor(PAGE, 0);
        assert!(!c.advance(3, None));
        assert!(c.advance(0, None));
    }

    #[test]
    fn a_later_first_page_never_ends_the_list_early() {
        // From page 2 of a list of 7 in pages of 3: 1 item is left. The
        // pages before are counted at the largest page seen (1 here), so
        // the stream asks once more and ends at the empty page.
        let mut c = cursor(PAGE, 2);
        assert!(!c.advance(1, Some(7)));
        assert!(c.advance(0, Some(7)));
        // Full pages count the pages before exactly.
        let mut c = cursor(PAGE, 1);
        assert!(!c.advance(3, Some(7)));
        assert!(c.advance(1, Some(7)));
    }

    #[test]
    fn offsets_move_past_the_items_seen() {
        let mut c = cursor(Paging::Offset { param: "offset" }, 10);
        assert!(!c.advance(5, Some(22)));
        assert_eq!(c.next, 15);
        assert!(!c.advance(5, Some(22)));
        assert_eq!(c.next, 20);
        assert!(c.advance(2, Some(22)));
    }
}
