//! Secrets in headers and URLs: which headers hold them, and keeping them
//! out of `Debug` output, messages and requests to other origins.

use std::borrow::Cow;

use reqwest::header::{
    AUTHORIZATION, COOKIE, HeaderMap, HeaderName, PROXY_AUTHORIZATION, SET_COOKIE,
};

/// The names of the headers whose values are secrets: the standard
/// credential headers, `X-Api-Key`, and those the caller names.
///
/// Their values are marked sensitive, which `HeaderMap`'s `Debug` prints as
/// `Sensitive`; they are never sent to another origin on a redirect.
#[derive(Debug, Clone)]
pub(crate) struct SensitiveHeaders(Vec<HeaderName>);

impl Default for SensitiveHeaders {
    fn default() -> Self {
        SensitiveHeaders(vec![
            AUTHORIZATION,
            PROXY_AUTHORIZATION,
            COOKIE,
            SET_COOKIE,
            HeaderName::from_static("x-api-key"),
        ])
    }
}

impl SensitiveHeaders {
    /// Adds a name, once.
    pub(crate) fn add(&mut self, name: HeaderName) {
        if !self.contains(&name) {
            self.0.push(name);
        }
    }

    pub(crate) fn contains(&self, name: &HeaderName) -> bool {
        self.0.contains(name)
    }

    /// Whether a header name given as text is one of these.
    pub(crate) fn contains_text(&self, name: &str) -> bool {
        self.0.iter().any(|n| n.as_str().eq_ignore_ascii_case(name))
    }

    /// Marks every value of these headers in `headers` sensitive.
    pub(crate) fn mark(&self, headers: &mut HeaderMap) {
        // One pass over the few headers of a response, comparing names,
        // costs less than a hashed lookup (which may reserve room) per
        // sensitive name.
        for (name, value) in headers.iter_mut() {
            if self.contains(name) {
                value.set_sensitive(true);
            }
        }
    }

    /// Removes every header that is one of these or whose value is marked
    /// sensitive (a request hook may mark its own).
    pub(crate) fn strip(&self, headers: &mut HeaderMap) {
        let secret: Vec<HeaderName> = headers
            .iter()
            .filter(|(name, value)| value.is_sensitive() || self.contains(name))
            .map(|(name, _)| name.clone())
            .collect();
        for name in secret {
            headers.remove(name);
        }
    }
}

/// `url` with its user name and password, if any, replaced by
/// `<redacted>`; done on the text, so a URL that does not parse is
/// redacted too.
pub(crate) fn redact_userinfo(url: &str) -> Cow<'_, str> {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return Cow::Borrowed(url);
    };
    let rest = &url[scheme_end..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    match authority.rfind('@') {
        Some(at) => Cow::Owned(format!("{}<redacted>{}", &url[..scheme_end], &rest[at..])),
        None => Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn userinfo_is_redacted_and_nothing_else() {
        for (url, shown) in [
            ("http://u:p@h:8/a?b#c", "http://<redacted>@h:8/a?b#c"),
            ("https://token@host", "https://<redacted>@host"),
            ("http://a@b@host/x@y", "http://<redacted>@host/x@y"),
            ("http://host/path@x", "http://host/path@x"),
            ("not a url: u:p@h", "not a url: u:p@h"),
            ("http://u:p@", "http://<redacted>@"),
        ] {
            assert_eq!(redact_userinfo(url), shown, "{url}");
        }
    }

    #[test]
    fn marked_and_named_headers_are_stripped() {
        let mut sensitive = SensitiveHeaders::default();
        sensitive.add(HeaderName::from_static("x-secret"));
        let mut headers = HeaderMap::new();
        for name in [
            "authorization",
            "x-api-key",
            "x-secret",
            "x-marked",
            "accept",
        ] {
            headers.insert(name, HeaderValue::from_static("v"));
        }
        headers.get_mut("x-marked").unwrap().set_sensitive(true);

        sensitive.strip(&mut headers);

        let left: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        assert_eq!(left, ["accept"]);
        assert!(sensitive.contains_text("X-Secret"));
    }
}
