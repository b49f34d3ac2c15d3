//! Which redirects are followed, and how.
//!
//! The client follows redirects itself (its own `reqwest` client follows
//! none) because reqwest's policy sees only URLs: it cannot tell whether a
//! request carries a body, and strips only the four headers it knows.
//! Each hop is built afresh from the call (`outgoing.rs`), so a body, a
//! multipart one included, can be sent again where that is allowed.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderValue, LOCATION};
use reqwest::{Method, StatusCode, Url};

/// At most this many redirects per attempt, as reqwest and browsers do.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// Why a redirect was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectRefusal {
    /// Its `Location` is not text.
    LocationNotText,
    /// Its `Location` is not a URL; what the URL parser said.
    LocationNotUrl(String),
    /// It leads to a URL whose scheme (this one) is not http or https.
    NotHttp(String),
    /// It would be one redirect more than the client follows.
    TooMany,
    /// A `307` or `308` would send the request's body to this other
    /// origin, which `cross_origin_redirects_with_body(true)` allows.
    BodyToAnotherOrigin(String),
}

impl fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectRefusal::LocationNotText => f.write_str("its Location is not text"),
            RedirectRefusal::LocationNotUrl(e) => write!(f, "its Location is not a URL: {e}"),
            RedirectRefusal::NotHttp(scheme) => {
                write!(f, "it leads to a `{scheme}` URL, not http or https")
            }
            RedirectRefusal::TooMany => write!(f, "more than {MAX_REDIRECTS} redirects"),
            RedirectRefusal::BodyToAnotherOrigin(origin) => write!(
                f,
                "it would send the request's body to another origin, {origin}; \
                 `cross_origin_redirects_with_body(true)` allows it"
            ),
        }
    }
}

/// Where a redirect sends the request next.
pub(crate) struct Hop {
    pub(crate) url: Url,
    pub(crate) method: Method,
    /// Whether the body goes along (`307`, `308`; `301` and `302` but for
    /// a `POST`, which becomes a `GET`).
    pub(crate) keeps_body: bool,
}

/// The hop a response asks for: `None` when it is no redirect, or one
/// without a `Location` (then it is the answer); an error naming why when
/// it is a redirect that cannot be followed.
pub(crate) fn next_hop(
    status: StatusCode,
    headers: &HeaderMap,
    from: &Url,
    method: &Method,
) -> Option<Result<Hop, RedirectRefusal>> {
    let keeps_method = match status.as_u16() {
        307 | 308 => true,
        301 | 302 => *method != Method::POST,
        303 => *method == Method::HEAD,
        _ => return None,
    };
    let location = headers.get(LOCATION)?;
    Some(target(location, from).map(|url| Hop {
        url,
        method: if keeps_method {
            method.clone()
        } else {
            Method::GET
        },
        keeps_body: keeps_method,
    }))
}

/// The URL a `Location` names, relative to the URL that answered.
fn target(location: &HeaderValue, from: &Url) -> Result<Url, RedirectRefusal> {
    let text = location
        .to_str()
        .map_err(|_| RedirectRefusal::LocationNotText)?;
    let url = from
        .join(text)
        .map_err(|e| RedirectRefusal::LocationNotUrl(e.to_string()))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        scheme => Err(RedirectRefusal::NotHttp(scheme.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(status: u16, method: Method, location: &str) -> Option<Result<Hop, RedirectRefusal>> {
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, HeaderValue::from_str(location).unwrap());
        let from = Url::parse("http://a.test/x/y").unwrap();
        next_hop(
            StatusCode::from_u16(status).unwrap(),
            &headers,
            &from,
            &method,
        )
    }

    #[test]
    fn methods_and_bodies_follow_the_status() {
        for (status, method, then, body) in [
            (307, Method::POST, Method::POST, true),
            (308, Method::PUT, Method::PUT, true),
            (301, Method::POST, Method::GET, false),
            (302, Method::PATCH, Method::PATCH, true),
            (303, Method::PUT, Method::GET, false),
            (303, Method::HEAD, Method::HEAD, true),
        ] {
            let hop = hop(status, method.clone(), "/z").unwrap().unwrap();
            assert_eq!(
                (hop.method, hop.keeps_body),
                (then, body),
                "{status} {method}"
            );
            assert_eq!(hop.url.as_str(), "http://a.test/z");
        }
        assert!(hop(200, Method::GET, "/z").is_none());
        assert!(hop(304, Method::GET, "/z").is_none());
    }

    #[test]
    fn only_http_targets_are_followed() {
        assert!(
            hop(302, Method::GET, "file:///etc/passwd")
                .unwrap()
                .is_err()
        );
        assert!(hop(302, Method::GET, "http://[::1").unwrap().is_err());
        let hop = hop(302, Method::GET, "https://b.test/").unwrap().unwrap();
        assert_eq!(hop.url.as_str(), "https://b.test/");
    }
}
