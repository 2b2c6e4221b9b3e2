//! [`Name`]: a short string kept once however many places hold it.
//!
//! Tens of thousands of closed files mention the same few thousand names (`code-reviewer`,
//! `backend-dev`…): each file's summary keeps a pointer to one shared, reference-counted copy
//! instead of its own string. The copy is freed when the last holder drops it, so names typed
//! and deleted in an open buffer do not accumulate.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use internment::ArcIntern;

/// An interned string. Compares, orders and hashes as its text; cloning it copies a pointer.
#[derive(Clone)]
pub struct Name(ArcIntern<String>);

impl PartialEq for Name {
    // Interned: equal texts are one copy.
    fn eq(&self, other: &Name) -> bool {
        self.0 == other.0
    }
}

impl Eq for Name {}

impl Name {
    pub fn new(text: &str) -> Name {
        Name(ArcIntern::from_ref(text))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Default for Name {
    fn default() -> Name {
        // One copy, shared: interning takes a lock.
        static EMPTY: std::sync::OnceLock<Name> = std::sync::OnceLock::new();
        EMPTY.get_or_init(|| Name::new("")).clone()
    }
}

impl Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Hash for Name {
    // As the text (not the pointer): `Borrow<str>` lookups must find it.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name(ArcIntern::new(text))
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_copy_that_is_freed_with_its_last_holder() {
        let a = Name::new("name-only-this-test-uses");
        let b = Name::from("name-only-this-test-uses".to_string());
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.as_str(), b.as_str()), "one shared copy");
        assert_eq!(a.0.refcount(), 2);
        drop(b);
        assert_eq!(a.0.refcount(), 1);
    }

    #[test]
    fn compares_orders_and_hashes_as_its_text() {
        use std::collections::HashSet;
        let (a, b) = (Name::new("alpha"), Name::new("beta"));
        assert!(a < b);
        assert_eq!(a, "alpha");
        assert_eq!(format!("{a} {b:?}"), "alpha \"beta\"");
        let set: HashSet<Name> = [a.clone(), b].into_iter().collect();
        assert!(set.contains("alpha"));
    }
}
