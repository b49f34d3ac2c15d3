//! Issue 23, item 9: a paged list whose server repeats a page ends. A page
//! with the same items as the one before brings nothing new, so the
//! stream ends there (whatever the page's other properties, a `totalCount`
//! that grows with every page among them); and a caller can bound the
//! pages a stream asks for.
//!
//! The servers below answer any page, up to a last one past which they
//! answer 404: a stream that does not end by itself meets that error
//! instead of running on.

use mdsdk_runtime::{
    Endpoint, Error, Method, Page, PageStream, Paging, Request, TryStreamExt, json_struct,
};
use serde_json::{Map, Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TestApi, api};

/// A page of a list, as a generated crate declares one.
#[derive(Debug)]
pub struct Things {
    items: Option<Vec<Value>>,
    total_count: Option<u64>,
    extra: Map<String, Value>,
}
json_struct!(Things {
    items: "items" optional Vec<Value>,
    total_count: "totalCount" optional u64,
} extra extra: Map<String, Value>);

impl Page for Things {
    type Item = Value;
    fn item_count(&self) -> usize {
        self.items.as_ref().map_or(0, Vec::len)
    }
    fn total_count(&self) -> Option<u64> {
        self.total_count
    }
    fn into_items(self) -> Vec<Value> {
        self.items.unwrap_or_default()
    }
}

/// `GET /things`, paged by `page` or by `offset`.
pub struct List(mdsdk_runtime::Call, Paging);
mdsdk_runtime::request!(List -> Things, Value);

impl List {
    fn pages(self) -> PageStream<Things, Value> {
        self.0.pages(self.1)
    }
    fn items(self) -> PageStream<Value, Value> {
        mdsdk_runtime::items(self.pages())
    }
}

const LIST: Endpoint = Endpoint {
    action: "things.list",
    method: Method::GET,
    path: "/things",
    success: &[200],
};

const BY_NUMBER: Paging = Paging::Number {
    param: "page",
    first: 0,
};
const BY_OFFSET: Paging = Paging::Offset { param: "offset" };

fn list(client: &TestApi, paging: Paging) -> List {
    List(client.0.call(&LIST, &[]), paging)
}

/// Past this page number (or offset), the servers answer 404.
const LAST: u64 = 40;

/// A server answering `GET /things?<param>=<n>` with `page(n)` for `n` up
/// to [`LAST`], and 404 past it.
async fn server(param: &'static str, page: fn(u64) -> Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(move |request: &wiremock::Request| {
            let n: u64 = request
                .url
                .query_pairs()
                .find(|(name, _)| name == param)
                .map_or(0, |(_, value)| value.parse().unwrap());
            if n > LAST {
                ResponseTemplate::new(404).set_body_json(json!({"message": "no such page"}))
            } else {
                ResponseTemplate::new(200).set_body_json(page(n))
            }
        })
        .mount(&server)
        .await;
    server
}

/// The value of `param` in each request the server received, in order.
async fn asked(server: &MockServer, param: &str) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(name, _)| name == param)
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default()
        })
        .collect()
}

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_server_repeating_a_page_without_a_total_ends_the_list_at_the_repeat() {
    // A server that ignores the page parameter: every page is the first.
    let server = server("page", |_| json!({"items": [{"id": "a"}, {"id": "b"}]})).await;
    let client = api(&server.uri());

    let items: Vec<Value> = list(&client, BY_NUMBER)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), ["a", "b"]);
    assert_eq!(asked(&server, "page").await, ["0", "1"]);

    // The repeated page brings nothing new, and is not yielded either.
    let pages: Vec<Things> = list(&client, BY_NUMBER)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
}

#[tokio::test]
async fn a_total_that_grows_with_every_page_ends_at_a_repeated_page() {
    // Each page says the list is longer, and echoes its number: the bodies
    // differ, the items do not.
    let server = server(
        "page",
        |n| json!({"items": [{"id": "a"}, {"id": "b"}], "page": n, "totalCount": 2 * n + 4}),
    )
    .await;
    let client = api(&server.uri());

    let items: Vec<Value> = list(&client, BY_NUMBER)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), ["a", "b"]);
    assert_eq!(asked(&server, "page").await, ["0", "1"]);
}

#[tokio::test]
async fn an_offset_the_server_ignores_ends_the_list_at_the_repeat() {
    let server = server(
        "offset",
        |_| json!({"items": [{"id": "a"}, {"id": "b"}], "totalCount": 1000}),
    )
    .await;
    let client = api(&server.uri());

    let items: Vec<Value> = list(&client, BY_OFFSET)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), ["a", "b"]);
    assert_eq!(asked(&server, "offset").await, ["0", "2"]);
}

#[tokio::test]
async fn only_the_page_before_counts_and_different_items_go_on() {
    // Pages 0 and 2 hold the same items, page 1 others: every page brings
    // something the one before did not, so the list ends at its total.
    let server = server("page", |n| {
        let id = if n % 2 == 0 { "a" } else { "b" };
        json!({"items": [{"id": id}], "totalCount": 3})
    })
    .await;
    let client = api(&server.uri());

    let items: Vec<Value> = list(&client, BY_NUMBER)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), ["a", "b", "a"]);
    assert_eq!(asked(&server, "page").await, ["0", "1", "2"]);
}

/// A list that never ends: new items on every page, and a total always
/// ahead of them.
fn endless(n: u64) -> Value {
    json!({"items": [{"id": format!("p{n}")}], "totalCount": n + 2})
}

#[tokio::test]
async fn a_page_limit_ends_a_list_that_never_repeats() {
    let server = server("page", endless).await;
    let client = api(&server.uri());

    let items: Vec<Value> = list(&client, BY_NUMBER)
        .with_max_pages(3)
        .items()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), ["p0", "p1", "p2"]);
    assert_eq!(asked(&server, "page").await, ["0", "1", "2"]);

    // Counted from the caller's first page.
    let pages: Vec<Things> = list(&client, BY_NUMBER)
        .with_query("page", 5)
        .with_max_pages(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].total_count, Some(8));
    assert_eq!(asked(&server, "page").await[3..], ["5", "6"]);

    // No page at all: nothing is asked.
    let none: Vec<Things> = list(&client, BY_NUMBER)
        .with_max_pages(0)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(asked(&server, "page").await.len(), 5);
}

#[tokio::test]
async fn without_a_limit_a_list_that_never_repeats_runs_to_the_servers_end() {
    // What the limit above bounds: the stream goes on as long as the
    // server brings new items, here until it answers 404 past `LAST`.
    let server = server("page", endless).await;
    let client = api(&server.uri());

    let mut items = list(&client, BY_NUMBER).items();
    let mut read = 0;
    let error = loop {
        match items.try_next().await {
            Ok(Some(_)) => read += 1,
            Ok(None) => panic!("the stream ended after {read} items"),
            Err(error) => break error,
        }
    };

    assert_eq!(read, LAST + 1);
    assert!(
        matches!(&error, Error::Api(api) if api.status == 404),
        "{error:?}"
    );
}
