//! Which path template a request path fills, and with what values.

use percent_encoding::percent_decode_str;

/// The placeholder values when `path` fills `template` (`/orgs/abc` fills
/// `/orgs/{orgId}` with `orgId = abc`), decoded; `None` when it does not.
/// A placeholder takes one non-empty segment, or the part of one between
/// the literal text around it (`/files/{name}.json`).
pub(crate) fn fill(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let (mut steps, mut segments) = (template.split('/'), path.split('/'));
    let mut values = Vec::new();
    loop {
        match (steps.next(), segments.next()) {
            (None, None) => return Some(values),
            (Some(step), Some(segment)) => match placeholder(step) {
                None if step == segment => {}
                None => return None,
                Some((before, name, after)) => {
                    let value = segment.strip_prefix(before)?.strip_suffix(after)?;
                    if value.is_empty() {
                        return None;
                    }
                    let value = percent_decode_str(value).decode_utf8_lossy();
                    values.push((name.to_owned(), value.into_owned()));
                }
            },
            _ => return None,
        }
    }
}

/// A segment's text before its `{placeholder}`, the placeholder's name and
/// the text after it; `None` for a literal segment.
fn placeholder(step: &str) -> Option<(&str, &str, &str)> {
    let open = step.find('{')?;
    let close = open + step[open..].find('}')?;
    Some((&step[..open], &step[open + 1..close], &step[close + 1..]))
}

/// How many placeholders a template has: of two templates a path fills,
/// the one with fewer is the more specific (`/orgs/me` over `/orgs/{id}`).
pub(crate) fn placeholders(template: &str) -> usize {
    template
        .split('/')
        .filter(|s| placeholder(s).is_some())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(values: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(
            values
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_path_fills_its_template() {
        assert_eq!(
            fill("/orgs/{orgId}", "/orgs/abc"),
            pairs(&[("orgId", "abc")])
        );
        assert_eq!(
            fill(
                "/orgs/{orgId}/members/{userId}",
                "/orgs/a%2Fb/members/%C3%BC"
            ),
            pairs(&[("orgId", "a/b"), ("userId", "ü")])
        );
        assert_eq!(
            fill("/files/{name}.json", "/files/x.json"),
            pairs(&[("name", "x")])
        );
        assert_eq!(fill("/orgs", "/orgs"), pairs(&[]));
    }

    #[test]
    fn other_paths_do_not() {
        for (template, path) in [
            ("/orgs/{orgId}", "/orgs"),
            ("/orgs/{orgId}", "/orgs/"),
            ("/orgs/{orgId}", "/orgs/a/b"),
            ("/orgs/{orgId}", "/users/a"),
            ("/files/{name}.json", "/files/.json"),
            ("/files/{name}.json", "/files/x.txt"),
        ] {
            assert_eq!(fill(template, path), None, "{template} {path}");
        }
        assert_eq!(placeholders("/orgs/{orgId}/members/{userId}"), 2);
        assert_eq!(placeholders("/orgs/me"), 0);
    }
}
