//! What reading and writing a model through its table costs, against the
//! body of code per struct that `json_struct!` expanded to before (still
//! what it writes for a struct with a `map` of other properties): an
//! organisation with a list of members and a nested summary, from bytes as
//! the client reads a response (`serde_json::from_slice`), from a `Value`,
//! through `serde_path_to_error` (the general path, for any other
//! deserializer) and to bytes as a request body:
//! `cargo bench -p mdsdk-runtime --bench model`.

use std::hint::black_box;

use criterion::Criterion;
use mdsdk_runtime::Nullable;
use serde_json::{Map, Value};

/// The same models twice: by table (`json_struct!`) and by code.
macro_rules! models {
    ($module:ident, $how:ident) => {
        mod $module {
            use super::*;

            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Member {
                pub user_id: Option<String>,
                pub first_name: Option<String>,
                pub last_name: Option<String>,
                pub email: Option<String>,
                pub role: String,
                pub extra: Map<String, Value>,
            }
            mdsdk_runtime::$how!(Member {
                user_id: "userId" optional String,
                first_name: "firstName" optional String,
                last_name: "lastName" optional String,
                email: "email" optional String,
                role: "role" required String,
            } extra extra: Map<String, Value>);

            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Summary {
                pub app_count: Option<i64>,
                pub dash_count: Option<i64>,
                pub member_count: Option<i64>,
            }
            mdsdk_runtime::$how!(Summary {
                app_count: "appCount" optional i64,
                dash_count: "dashCount" optional i64,
                member_count: "memberCount" optional i64,
            });

            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Organization {
                pub id: Option<String>,
                pub org_id: Option<String>,
                pub name: Option<String>,
                pub description: Option<String>,
                pub creation_date: Option<String>,
                pub last_updated: Option<String>,
                pub parent_id: Nullable<String>,
                pub rating: Option<f64>,
                pub enabled: Option<bool>,
                pub members: Option<Vec<Member>>,
                pub summary: Option<Summary>,
                pub extra: Map<String, Value>,
            }
            mdsdk_runtime::$how!(Organization {
                id: "id" optional String,
                org_id: "orgId" optional String,
                name: "name" optional String,
                description: "description" optional String,
                creation_date: "creationDate" optional String,
                last_updated: "lastUpdated" optional String,
                parent_id: "parentId" nullable String,
                rating: "rating" optional f64,
                enabled: "enabled" optional bool,
                members: "members" optional Vec<Member>,
                summary: "summary" optional Summary,
            } extra extra: Map<String, Value>);
        }
    };
}
models!(table, json_struct);
models!(code, __json_struct_code);

const BODY: &str = r#"{"id":"575ec8687ae143cd83dc4a97","orgId":"575ec8687ae143cd83dc4a97","name":"Acme Sensors","description":"Sensors on every floor","creationDate":"2016-06-13T04:00:00.000Z","lastUpdated":"2016-06-14T04:00:00.000Z","parentId":null,"rating":4.5,"enabled":true,"members":[{"userId":"575ed70c7ae143cd83dc4aa9","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","role":"admin"},{"userId":"575ed70c7ae143cd83dc4aaa","firstName":"Bob","lastName":"Builder","email":"bob@example.com","role":"view"},{"userId":"575ed70c7ae143cd83dc4aab","firstName":"Cy","lastName":"Young","email":"cy@example.com","role":"edit","since":2019}],"summary":{"appCount":3,"dashCount":5,"memberCount":3},"flags":{"beta":true}}"#;

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let value: Value = serde_json::from_str(BODY).unwrap();
    let by_table: table::Organization = serde_json::from_str(BODY).unwrap();
    let by_code: code::Organization = serde_json::from_str(BODY).unwrap();
    // The two read and write the same.
    assert_eq!(
        serde_json::to_string(&by_table).unwrap(),
        serde_json::to_string(&by_code).unwrap()
    );

    let mut group = criterion.benchmark_group("model");
    group.bench_function("from bytes, table", |b| {
        b.iter(|| serde_json::from_slice::<table::Organization>(black_box(BODY.as_bytes())))
    });
    group.bench_function("from bytes, code", |b| {
        b.iter(|| serde_json::from_slice::<code::Organization>(black_box(BODY.as_bytes())))
    });
    group.bench_function("from a Value, table", |b| {
        b.iter(|| table::Organization::deserialize_value(black_box(&value)))
    });
    group.bench_function("from a Value, code", |b| {
        b.iter(|| code::Organization::deserialize_value(black_box(&value)))
    });
    group.bench_function("through serde_path_to_error, table", |b| {
        b.iter(|| {
            let mut deserializer = serde_json::Deserializer::from_slice(black_box(BODY.as_bytes()));
            serde_path_to_error::deserialize::<_, table::Organization>(&mut deserializer)
        })
    });
    group.bench_function("through serde_path_to_error, code", |b| {
        b.iter(|| {
            let mut deserializer = serde_json::Deserializer::from_slice(black_box(BODY.as_bytes()));
            serde_path_to_error::deserialize::<_, code::Organization>(&mut deserializer)
        })
    });
    group.bench_function("to bytes, table", |b| {
        b.iter(|| serde_json::to_vec(black_box(&by_table)))
    });
    group.bench_function("to bytes, code", |b| {
        b.iter(|| serde_json::to_vec(black_box(&by_code)))
    });
    group.finish();
    criterion.final_summary();
}

/// Reading from a borrowed `Value`, as `serde_json::from_value` does from
/// an owned one (without the clone).
trait FromValue: Sized {
    fn deserialize_value(value: &Value) -> serde_json::Result<Self>;
}

impl<T: serde::de::DeserializeOwned> FromValue for T {
    fn deserialize_value(value: &Value) -> serde_json::Result<Self> {
        T::deserialize(value)
    }
}
