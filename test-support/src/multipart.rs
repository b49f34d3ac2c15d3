//! A strict reader of `multipart/form-data` bodies, for asserting what an
//! upload sent part by part.

use wiremock::Request;

use crate::header;

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The `name` of its `Content-Disposition: form-data`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// Its `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Every header of the part, names lowercased, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The parts of the `multipart/form-data` body of `request`, in order.
///
/// Strict enough for tests: the request must have exactly one
/// `Content-Type`, `multipart/form-data` with a boundary, and the body must
/// be well delimited (RFC 7578 / RFC 2046) and end with the close delimiter.
pub fn multipart(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type");
    assert_eq!(content_type.len(), 1, "one content type: {content_type:?}");
    let boundary = content_type[0]
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a multipart form: {content_type:?}"));
    assert!(!boundary.is_empty());
    let boundary = boundary.trim_matches('"');

    // With a CRLF in front, every delimiter (the first included) is
    // `CRLF--boundary`.
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut body = b"\r\n".to_vec();
    body.extend_from_slice(&request.body);
    let mut chunks = split(&body, &delimiter).into_iter();
    assert_eq!(chunks.next(), Some(&b""[..]), "no preamble expected");

    let mut parts = Vec::new();
    let mut closed = false;
    for chunk in chunks {
        assert!(!closed, "data after the close delimiter");
        if let Some(rest) = chunk.strip_prefix(b"--") {
            assert!(rest.is_empty() || rest == b"\r\n", "epilogue: {rest:?}");
            closed = true;
            continue;
        }
        let chunk = chunk
            .strip_prefix(b"\r\n")
            .expect("a CRLF after each delimiter");
        let end = find(chunk, b"\r\n\r\n").expect("a blank line after the part headers");
        let head = std::str::from_utf8(&chunk[..end]).expect("UTF-8 part headers");
        let headers: Vec<(String, String)> = head
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(':').expect("`name: value`");
                (name.trim().to_ascii_lowercase(), value.trim().to_owned())
            })
            .collect();
        parts.push(part(headers, chunk[end + 4..].to_vec()));
    }
    assert!(closed, "no close delimiter");
    parts
}

fn part(headers: Vec<(String, String)>, body: Vec<u8>) -> Part {
    let value_of = |name: &str| {
        let values: Vec<&String> = headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v)
            .collect();
        assert!(values.len() <= 1, "more than one {name}: {headers:?}");
        values.first().map(|v| v.to_string())
    };
    let disposition = value_of("content-disposition").expect("a Content-Disposition");
    let mut params = disposition.split(';').map(str::trim);
    assert_eq!(params.next(), Some("form-data"), "{disposition}");
    let (mut name, mut file_name) = (None, None);
    for param in params {
        let (key, value) = param.split_once('=').expect("`key=value`");
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value)
            .to_owned();
        match key {
            "name" => name = Some(value),
            "filename" => file_name = Some(value),
            other => panic!("unexpected parameter `{other}` in {disposition}"),
        }
    }
    Part {
        name: name.expect("a part name"),
        file_name,
        content_type: value_of("content-type"),
        headers,
        body,
    }
}

/// `haystack` split at every occurrence of `needle`.
fn split<'a>(haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut chunks = Vec::new();
    let mut rest = haystack;
    while let Some(at) = find(rest, needle) {
        chunks.push(&rest[..at]);
        rest = &rest[at + needle.len()..];
    }
    chunks.push(rest);
    chunks
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
