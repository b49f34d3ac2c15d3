//! The pages of a paged list as a stream, and its items as another: the
//! same call sent again for each page, with the page number (or offset)
//! moved on and everything else as the caller set it.
//!
//! Lazy: a page is requested when the stream is polled for it and the one
//! before it has been taken, so a stream dropped early asks for nothing
//! more. Each page is a whole call, with the client's retries and time
//! limits.
//!
//! A stream ends by itself at the end of the list (see [`Call::pages`]),
//! and at a page that brings nothing new: one whose items are those of the
//! page before, which a server that ignores the page parameter sends for
//! ever, whatever its `totalCount` says. Items are compared as the body
//! wrote them, so their types need not be comparable: a page's print is a
//! hash of the text of each list (JSON array) among the body's top-level
//! properties, where its items are, and not of its other properties (a
//! page number echoed, a count). The caller may also bound the pages
//! asked for ([`Request::with_max_pages`](crate::Request::with_max_pages)).

use std::hash::{DefaultHasher, Hasher};
use std::pin::Pin;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use crate::call::Call;
use crate::decode::DecodeSuccess;
use crate::error::Error;

/// A page of a paged list, as the streams read it: implemented by a
/// generated crate for the type of each list's pages.
///
/// The streams compare a page's items with those of the page before
/// through the body's text, not through this trait: the items need not
/// be comparable.
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
    /// The pages taken so far.
    pages: u64,
    /// The print of the last page's items (`print`).
    last: Option<u64>,
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
            pages: 0,
            last: None,
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
    /// number or offset of `paging` moved on. The stream ends:
    ///
    /// - after the page that reaches the list's total count, when pages
    ///   say it ([`Page::total_count`]);
    /// - at an empty page, yielded only when it is the first;
    /// - at a page whose items are those of the page before (the same
    ///   lists, as written): it brings nothing new, and is not yielded;
    /// - after the most pages the call allows, when set
    ///   ([`Call::max_pages`]; with `0`, before asking for any);
    /// - or with the error of a page that failed.
    pub fn pages<P, E>(self, paging: Paging) -> PageStream<P, E>
    where
        P: Page + DecodeSuccess + Send + 'static,
        E: DeserializeOwned + Send + 'static,
    {
        let cursor = Cursor::new(self, paging);
        stream::unfold(Some(cursor), |cursor| async move {
            let mut cursor = cursor?;
            let limit = cursor.call.max_pages;
            if limit.is_some_and(|limit| cursor.pages >= limit) {
                return None;
            }
            let mut call = cursor.call.clone();
            call.query(cursor.param(), cursor.next);
            let action = call.endpoint.action;
            let first = cursor.pages == 0;
            match call.send_printed::<P, E>().await {
                Err(error) => Some((Err(error), None)),
                Ok((page, print)) => {
                    cursor.pages += 1;
                    let count = page.item_count();
                    if count > 0 && cursor.last.replace(print) == Some(print) {
                        tracing::warn!(
                            action,
                            param = cursor.param(),
                            value = cursor.next,
                            "the page repeats the items of the one before: the list ends there"
                        );
                        return None;
                    }
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

    /// Sends the call and decodes the body as `T`, with the print of the
    /// lists the body holds ([`print`]).
    async fn send_printed<T, E>(self) -> Result<(T, u64), Error<E>>
    where
        T: DecodeSuccess,
        E: DeserializeOwned,
    {
        let (success, action, report) = self.decoding();
        let raw = self
            .execute()
            .await
            .map_err(|failure| failure.into_error())?;
        let print = print(&raw.body);
        let page = raw.decode::<T, E>(success, action, report)?.into_body();
        Ok((page, print))
    }
}

/// A hash of the text of each list (JSON array) among the top-level
/// properties of `json`, in order (of `json` itself when it is a list):
/// the same for two pages of the same items, whatever their other
/// properties. One scan of the body, no allocation.
fn print(json: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    let mut depth = 0usize;
    let mut list: Option<(usize, usize)> = None;
    let mut i = 0;
    while let Some(&byte) = json.get(i) {
        match byte {
            b'"' => i = crate::undocumented::string_end(json, i + 1),
            b'[' | b'{' => {
                if byte == b'[' && depth <= 1 && list.is_none() {
                    list = Some((i, depth));
                }
                depth += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if let Some((start, at)) = list.filter(|&(_, at)| at == depth) {
                    hasher.write(json.get(start..=i).unwrap_or_default());
                    hasher.write_usize(at);
                    list = None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    hasher.finish()
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
    fn a_pages_print_is_of_its_lists_only() {
        let page = |n: u64, items: &str| {
            format!(r#"{{"page": {n}, "items": {items}, "count": 2, "more": {{"a": [{n}]}}}}"#)
        };
        let items = r#"[{"id": "a", "x": "],\"["}, {"id": "b", "tags": [1, [2]]}]"#;
        // Numbers, counts and nested lists echoed around the items do not
        // count; the items do, as written.
        assert_eq!(
            print(page(0, items).as_bytes()),
            print(page(7, items).as_bytes())
        );
        let other = items.replace(r#""b""#, r#""c""#);
        assert_ne!(
            print(page(0, items).as_bytes()),
            print(page(0, &other).as_bytes())
        );
        let spaced = items.replace(", ", ",");
        assert_ne!(
            print(page(0, items).as_bytes()),
            print(page(0, &spaced).as_bytes())
        );
        // A body that is a list is its own.
        assert_eq!(print(b"[1, 2]"), print(b"[1, 2]"));
        assert_ne!(print(b"[1, 2]"), print(b"[1, 3]"));
        // Every list of the top level counts, in order.
        assert_ne!(
            print(br#"{"a": [1], "b": [2]}"#),
            print(br#"{"a": [2], "b": [1]}"#)
        );
        // Text that is not JSON, cut short: a print all the same.
        print(br#"{"items": [1, "a"#);
        print(b"]]]}}}");
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
