//! Path templates filled with percent-encoded segments.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::invalid::InvalidRequest;

/// Everything but RFC 3986's unreserved characters is encoded, so a value
/// always stays one segment: `a/b` becomes `a%2Fb`, `?` becomes `%3F`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Fills the `{placeholders}` of `template` with `values`, in order.
///
/// A value that would change which resource the path names is refused:
/// an empty value leaves a hole, and `.` or `..` are resolved away by every
/// URL parser, whatever their encoding.
pub(crate) fn expand(template: &'static str, values: &[&str]) -> Result<String, InvalidRequest> {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.len()).sum::<usize>());
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or(InvalidRequest::PathTemplate { template })?;
        let name = &rest[open + 1..close];
        let value = values
            .next()
            .ok_or_else(|| InvalidRequest::MissingPathValue {
                name: name.to_owned(),
                template,
            })?;
        if value.is_empty() || *value == "." || *value == ".." {
            return Err(InvalidRequest::PathValue {
                name: name.to_owned(),
                value: (*value).to_owned(),
            });
        }
        out.push_str(&rest[..open]);
        out.extend(utf8_percent_encode(value, SEGMENT));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::expand;
    use crate::invalid::InvalidRequest;

    #[test]
    fn values_are_single_segments() {
        assert_eq!(
            expand("/orgs/{orgId}/invites", &["abc123"]).unwrap(),
            "/orgs/abc123/invites"
        );
        assert_eq!(expand("/orgs/{orgId}", &["a/b"]).unwrap(), "/orgs/a%2Fb");
        assert_eq!(
            expand("/orgs/{orgId}", &["a b?c#d%"]).unwrap(),
            "/orgs/a%20b%3Fc%23d%25"
        );
        assert_eq!(expand("/orgs/{orgId}", &["..x"]).unwrap(), "/orgs/..x");
        assert_eq!(
            expand("/a/{x}/b/{y}", &["1", "ü"]).unwrap(),
            "/a/1/b/%C3%BC"
        );
    }

    #[test]
    fn values_that_would_move_the_path_are_refused() {
        for bad in ["", ".", ".."] {
            assert!(
                matches!(
                    expand("/orgs/{orgId}", &[bad]),
                    Err(InvalidRequest::PathValue { name, value }) if name == "orgId" && value == bad
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            expand("/orgs/{orgId}", &[]),
            Err(InvalidRequest::MissingPathValue { name, .. }) if name == "orgId"
        ));
        assert!(matches!(
            expand("/orgs/{orgId", &["x"]),
            Err(InvalidRequest::PathTemplate {
                template: "/orgs/{orgId"
            })
        ));
    }
}
