//! The names lock: a regeneration over the previous one keeps the Rust name
//! of every item that still exists, whatever the docs added around it.
//! The frozen Org docs are the old docs; each test edits them as a docs
//! release would and generates over the old IR, as `cargo xtask codegen`
//! does.

mod common;

use codegen::Lock;
use codegen::ir::Api;
use codegen::types::{TypeDef, TypeKind};

/// The IR of the frozen Org docs with `edit` applied to each file's text.
fn ir(edit: impl Fn(&str, String) -> String, lock: &Lock) -> Api {
    let (api, diagnostics) = codegen::build_ir_keeping(&common::frozen_org(edit), lock);
    api.unwrap_or_else(|| panic!("the docs have errors:\n{diagnostics}"))
}

/// The old IR, and the new one generated over it.
fn old_and_new(edit: impl Fn(&str, String) -> String) -> (Api, Api) {
    let old = ir(|_, text| text, &Lock::default());
    let new = ir(edit, &Lock::from_ir(&old));
    (old, new)
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type `{name}`"))
}

/// Each field of the struct `name`: its Rust name and its wire name.
fn fields(api: &Api, name: &str) -> Vec<(String, String)> {
    let TypeKind::Struct { fields, .. } = &def(api, name).kind else {
        panic!("`{name}` is not a struct")
    };
    fields
        .iter()
        .map(|f| (f.name.clone(), f.wire.clone()))
        .collect()
}

fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn a_property_inserted_before_one_of_its_name_takes_a_new_field() {
    let (old, new) = old_and_new(|name, text| {
        match name {
        "_schemas.md" => text.replacen(
            "  \"properties\": {\n    \"name\": {\n      \"type\": \"string\",\n      \"minLength\": 1,\n      \"maxLength\": 255\n    },\n    \"description\"",
            "  \"properties\": {\n    \"Name\": { \"type\": \"string\" },\n    \"name\": {\n      \"type\": \"string\",\n      \"minLength\": 1,\n      \"maxLength\": 255\n    },\n    \"description\"",
            1,
        ),
        _ => text,
    }
    });
    assert_eq!(
        fields(&old, "OrganizationPatch"),
        pairs(&[("name", "name"), ("description", "description")])
    );
    // Derived anew, the new property would take `name` and the old one
    // `name_2`: code setting `name` would send `Name`.
    assert_eq!(
        fields(&new, "OrganizationPatch"),
        pairs(&[
            ("name_2", "Name"),
            ("name", "name"),
            ("description", "description")
        ])
    );
}

#[test]
fn a_new_schema_holding_an_inline_enum_renames_nothing() {
    // `Role` is the enum of every `role`; a new schema, sorting first,
    // holds the same values under another property name.
    let added = "## Access Grant\n\nA grant\n\n```json\n{\n  \"type\": \"object\",\n  \"properties\": {\n    \"level\": { \"type\": \"string\", \"enum\": [\"admin\", \"edit\", \"view\"] },\n    \"summary\": { \"type\": \"object\", \"properties\": { \"appCount\": { \"type\": \"number\" }, \"dashCount\": { \"type\": \"number\" } } }\n  }\n}\n```\n\n## Error\n";
    let (old, new) = old_and_new(|name, text| match name {
        "_schemas.md" => text.replacen("## Error\n", added, 1),
        _ => text,
    });
    for (name, field, ty) in [
        ("Organization", "summary", "OrganizationSummary"),
        ("OrganizationMemberPatch", "role", "Role"),
    ] {
        let of = |api: &Api| {
            let TypeKind::Struct { fields, .. } = &def(api, name).kind else {
                panic!()
            };
            fields
                .iter()
                .find(|f| f.wire == field)
                .unwrap()
                .ty
                .to_string()
        };
        assert_eq!(of(&old), ty, "{name}.{field} before");
        assert_eq!(of(&new), ty, "{name}.{field} after");
    }
    // The new places are named for themselves, aliases of the old types,
    // never by the old places' names: `level` for its place alone, and
    // `summary` for what it and the old `summary` agree on (the old one
    // keeps its name).
    let field_type = |name: &str, wire: &str| {
        let TypeKind::Struct { fields, .. } = &def(&new, name).kind else {
            panic!()
        };
        fields
            .iter()
            .find(|f| f.wire == wire)
            .unwrap()
            .ty
            .to_string()
    };
    assert_eq!(field_type("AccessGrant", "level"), "AccessGrantLevel");
    assert_eq!(field_type("AccessGrant", "summary"), "Summary");
    let alias = |name: &str| match &def(&new, name).kind {
        TypeKind::Alias { target } => target.to_string(),
        other => panic!("`{name}` is {other:?}"),
    };
    assert_eq!(alias("AccessGrantLevel"), "Role");
    assert_eq!(alias("Summary"), "OrganizationSummary");
    // Derived anew, the two `summary` places would share `Summary`: the
    // lock is what keeps `Organization.summary` an `OrganizationSummary`.
    let fresh = ir(
        |name, text| match name {
            "_schemas.md" => text.replacen("## Error\n", added, 1),
            _ => text,
        },
        &Lock::default(),
    );
    let summary = |api: &Api| {
        let TypeKind::Struct { fields, .. } = &def(api, "Organization").kind else {
            panic!()
        };
        fields
            .iter()
            .find(|f| f.wire == "summary")
            .unwrap()
            .ty
            .to_string()
    };
    assert_eq!(summary(&fresh), "Summary");
    assert_eq!(summary(&new), "OrganizationSummary");
}

#[test]
fn required_parameters_that_swap_rows_keep_their_argument_order() {
    let (_, new) = old_and_new(|name, text| {
        match name {
        "org.md" => text.replacen(
            "| orgId | string | Y | ID associated with the organization |  |\n| userId | string | Y | Id of user to remove |  |",
            "| userId | string | Y | Id of user to remove |  |\n| orgId | string | Y | ID associated with the organization |  |",
            1,
        ),
        _ => text,
    }
    });
    let action = new.resources[0]
        .actions
        .iter()
        .find(|a| a.method == "remove_member")
        .unwrap();
    assert_eq!(action.params[0].name, "userId");
    assert_eq!(action.idents.arguments, ["orgId", "userId"]);
}

#[test]
fn without_the_lock_names_are_derived_anew() {
    let api = ir(|_, text| text, &Lock::default());
    // One place each: named for the place.
    assert_eq!(
        fields(&api, "Organization")
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>(),
        [
            "id",
            "org_id",
            "creation_date",
            "last_updated",
            "name",
            "description",
            "members",
            "summary"
        ]
    );
    def(&api, "OrganizationSummary");
    def(&api, "OrganizationMember");
    // Every place a `role`: `Role`.
    def(&api, "Role");
}
