//! Parameter values as the text they travel as.
//!
//! Docs type most parameters `string` whatever they hold (a page number, a
//! flag), and the text is what goes on the wire either way. So the
//! generated setters and arguments of those parameters take any
//! [`ParamValue`]: `.page(2)` and `.page("2")` send the same `page=2`. A
//! value that is text already is borrowed, not copied, until the request
//! keeps it: taking `impl ParamValue` costs a `&str` nothing over taking
//! `&str`.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

/// A value sent as text: in a path segment, the query, a header or a form
/// field.
///
/// Implemented for text (`str`, `String`, `Cow<str>`, `Box<str>`,
/// `Arc<str>`, `Rc<str>`), numbers, `bool`, `char`, references to any of
/// them, and the generated string enums. Implement it for an identifier
/// type of your own to pass it as itself.
pub trait ParamValue {
    /// The text sent: `2` for `2`, `true` for `true`, a string as it is.
    fn to_wire(&self) -> Cow<'_, str>;
}

/// A [`ParamValue`] that is a number: what the setters of parameters the
/// docs type `number` take, so `.per_page(50)` and `.per_page(2.5)` both
/// compile.
pub trait NumberValue: ParamValue {}

impl ParamValue for str {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for Cow<'_, str> {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for Box<str> {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for Arc<str> {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for Rc<str> {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_wire(&self) -> Cow<'_, str> {
        (**self).to_wire()
    }
}

impl<T: NumberValue + ?Sized> NumberValue for &T {}

impl ParamValue for bool {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl ParamValue for char {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

/// Numbers are written as `Display` writes them: `2`, `-7`, `2.5`.
macro_rules! numbers {
    ($($ty:ty),*) => {
        $(
            impl ParamValue for $ty {
                fn to_wire(&self) -> Cow<'_, str> {
                    Cow::Owned(self.to_string())
                }
            }

            impl NumberValue for $ty {}
        )*
    };
}

numbers!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64
);

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(value: impl ParamValue) -> String {
        value.to_wire().into_owned()
    }

    fn number(value: impl NumberValue) -> String {
        wire(value)
    }

    #[test]
    fn values_are_written_as_they_travel() {
        let owned = String::from("desc");
        assert_eq!(wire("asc"), "asc");
        assert_eq!(wire(&owned), "desc");
        assert_eq!(wire(owned.clone()), "desc");
        assert_eq!(wire(Cow::Borrowed("a b")), "a b");
        assert_eq!(wire(Arc::<str>::from("x")), "x");
        assert_eq!(wire(2), "2");
        assert_eq!(wire(-7i64), "-7");
        assert_eq!(wire(u64::MAX), "18446744073709551615");
        assert_eq!(wire(2.5), "2.5");
        assert_eq!(wire(50.0), "50");
        assert_eq!(wire(true), "true");
        let flag: &&bool = &&false;
        assert_eq!(wire(flag), "false");
        assert_eq!(wire('x'), "x");
        assert_eq!(number(50), "50");
        let size: &usize = &7;
        assert_eq!(number(size), "7");
    }

    #[test]
    fn text_is_borrowed_not_copied() {
        let owned = String::from("desc");
        assert!(matches!(owned.to_wire(), Cow::Borrowed(s) if s.as_ptr() == owned.as_ptr()));
        assert!(matches!("asc".to_wire(), Cow::Borrowed("asc")));
        assert!(matches!(true.to_wire(), Cow::Borrowed("true")));
    }
}
