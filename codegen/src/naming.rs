//! Names: doc text to Rust identifiers, and heading text to anchors.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that `r#` can escape.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const PLAIN_KEYWORDS: &[&str] = &["crate", "self", "Self", "super", "_"];

/// `orgId` to `org_id`, escaped when it is a keyword (`type` to `r#type`).
pub fn snake(name: &str) -> String {
    escape(fallback(name.to_snake_case(), "field"))
}

/// `Organization Invitation Post` to `OrganizationInvitationPost`.
pub fn pascal(name: &str) -> String {
    let mut out = fallback(name.to_upper_camel_case(), "Value");
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if PLAIN_KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// The identifier without its `r#` prefix, as used for collision checks.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

fn fallback(name: String, empty: &str) -> String {
    if name.is_empty() {
        empty.to_owned()
    } else {
        name
    }
}

fn escape(mut ident: String) -> String {
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if PLAIN_KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    } else if RAW_KEYWORDS.contains(&ident.as_str()) {
        ident.insert_str(0, "r#");
    }
    ident
}

/// The anchor the docs generator gives a heading: lower case, spaces to
/// hyphens, punctuation other than `-` and `_` dropped.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// A plain English singular of the last word (`members` to `member`,
/// `Invitations` to `Invitation`), for naming the items of an array.
pub fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let cut = if lower.ends_with("ies") && word.len() > 4 {
        return Some(format!("{}y", &word[..word.len() - 3]));
    } else if lower.ends_with("sses") || lower.ends_with("xes") || lower.ends_with("ches") {
        2
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && word.len() > 3
    {
        1
    } else {
        return None;
    };
    Some(word[..word.len() - cut].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake("orgId"), "org_id");
        assert_eq!(snake("_actions"), "actions");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(snake("$"), "field");
        assert_eq!(
            pascal("Organization Invitation Post"),
            "OrganizationInvitationPost"
        );
        assert_eq!(pascal("asc"), pascal("ASC"));
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal("10"), "V10");
        assert_eq!(pascal(""), "Value");
    }

    #[test]
    fn anchors_and_plurals() {
        assert_eq!(anchor("Invite Member"), "invite-member");
        assert_eq!(anchor("Org's (Old) Member"), "orgs-old-member");
        assert_eq!(singular("members").as_deref(), Some("member"));
        assert_eq!(singular("Invitations").as_deref(), Some("Invitation"));
        assert_eq!(singular("Categories").as_deref(), Some("Category"));
        assert_eq!(singular("Boxes").as_deref(), Some("Box"));
        assert_eq!(singular("status"), None);
        assert_eq!(singular("data"), None);
    }
}
