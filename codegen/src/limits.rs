//! The bounds the generator's walks stop at, in one place.
//!
//! Docs can nest schemas in schemas, `$ref`s to `$ref`s and aliases of
//! aliases as deep as they like, and a careless or hostile doc makes any of
//! these endless or deep enough to overflow the stack. So every walk over
//! them is bounded. The bounds differ because they count different things
//! and what happens at them differs:

/// Schemas nested in schemas (through properties, items, variants and
/// `$ref`s) that the resolver follows: real docs nest a handful of levels;
/// deeper is an error at the schema's line. The walk's frames at this
/// depth fit a 2 MiB stack in a debug build (a test checks it).
pub const SCHEMA_DEPTH: usize = 48;

/// `$ref`s the parts of one `allOf` may lead through before merging stops
/// with an error: each hop copies a schema, so the bound also bounds the
/// work of one merge.
pub const ALL_OF_REFS: usize = 32;

/// `$ref`s followed to find which JSON kinds a union's variant admits: a
/// guess that gives up (any kind, so the union is reported as one that
/// cannot be told apart) rather than an error.
pub const KIND_REFS: usize = 16;

/// Aliases followed to the type they name (an example's value, its check,
/// the change report): aliases of aliases are finite, as a cycle of them is
/// broken and reported when resolving; the bound only guards the loop.
pub const ALIAS_HOPS: usize = 64;

/// Types nested in an example value the rustdoc of a method shows before
/// `todo!()` stands in for the rest: a readable example, not a limit of the
/// docs.
pub const EXAMPLE_DEPTH: usize = 8;
