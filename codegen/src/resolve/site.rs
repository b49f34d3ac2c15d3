//! Where in the schemas a sub-schema sits, and the names it suggests for a
//! type defined there.

use crate::naming;
use crate::source::Loc;

use super::shape::SiteNames;

#[derive(Clone)]
pub struct Site {
    /// The documented schema it is in, by index.
    pub root: usize,
    /// Set for the root of a documented schema.
    pub is_root: bool,
    pub names: SiteNames,
    /// `anchor#/json/pointer`, for messages and docs.
    pub origin: String,
    pub loc: Loc,
}

impl Site {
    /// The root of documented schema `root`, whose type is `name`.
    pub fn root(root: usize, name: &str, anchor: &str, loc: &Loc) -> Site {
        Site {
            root,
            is_root: true,
            names: SiteNames {
                short: name.to_owned(),
                qualified: name.to_owned(),
            },
            origin: format!("{anchor}#"),
            loc: loc.clone(),
        }
    }

    /// The site of a property, or of a definition, whose name in
    /// PascalCase is `short`.
    pub fn child(&self, short: String, pointer: &str) -> Site {
        Site {
            root: self.root,
            is_root: false,
            names: SiteNames {
                qualified: format!("{}{short}", self.names.qualified),
                short,
            },
            origin: format!("{}/{pointer}", self.origin),
            loc: self.loc.clone(),
        }
    }

    /// The site of an array's items: a singular name (`members` to `Member`).
    pub fn items(&self) -> Site {
        let singular = |name: &str| naming::singular(name).unwrap_or_else(|| format!("{name}Item"));
        Site {
            root: self.root,
            is_root: false,
            names: SiteNames {
                short: naming::pascal(&singular(&self.names.short)),
                qualified: singular(&self.names.qualified),
            },
            origin: format!("{}/items", self.origin),
            loc: self.loc.clone(),
        }
    }

    /// The site of the n-th (from 1) variant of a union, named after the
    /// union and the variant's kind (`StringQueryObject`).
    pub fn variant(&self, keyword: &str, n: usize, kind: &str) -> Site {
        Site {
            root: self.root,
            is_root: false,
            names: SiteNames {
                short: format!("{}{kind}", self.names.short),
                qualified: format!("{}{kind}", self.names.qualified),
            },
            origin: format!("{}/{keyword}/{}", self.origin, n - 1),
            loc: self.loc.clone(),
        }
    }

    /// The JSON pointer part of the origin: `/properties/role`.
    pub fn pointer(&self) -> &str {
        self.origin.split_once('#').map_or("", |(_, p)| p)
    }
}
