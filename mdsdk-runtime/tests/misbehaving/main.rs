//! The runtime against loopback servers that misbehave on purpose: one
//! module per way a server can hurt a client (issue 11), and the
//! guarantees that held before it. Each test asserts the outcome: the
//! error's kind and message, the time taken, the bytes read.

mod body_limit;
mod concurrency;
mod deadline;
mod errors;
mod extremes;
mod guarantees;
mod paging;
mod redirects;
mod retry_after;
mod secrets;
mod support;
mod undocumented;
