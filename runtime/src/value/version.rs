//! `[version]`: `Major.Minor[.Build[.Revision]]`, with -1 for a part that is absent.

use std::cmp::Ordering;

/// A `System.Version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PsVersion {
    /// The first part.
    pub major: i32,
    /// The second part.
    pub minor: i32,
    /// The third part, -1 when absent.
    pub build: i32,
    /// The fourth part, -1 when absent.
    pub revision: i32,
}

impl PsVersion {
    /// Parse `Version.Parse`'s form: two to four non-negative integers separated by dots.
    pub fn parse(text: &str) -> Option<PsVersion> {
        let parts: Vec<i32> = text
            .trim()
            .split('.')
            .map(|p| {
                let p = p.trim();
                (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect::<Option<Vec<_>>>()?;
        match parts.as_slice() {
            [a, b] => Some(PsVersion::new(*a, *b, -1, -1)),
            [a, b, c] => Some(PsVersion::new(*a, *b, *c, -1)),
            [a, b, c, d] => Some(PsVersion::new(*a, *b, *c, *d)),
            _ => None,
        }
    }

    /// A version from its parts (-1 for an absent build or revision).
    pub fn new(major: i32, minor: i32, build: i32, revision: i32) -> PsVersion {
        PsVersion {
            major,
            minor,
            build,
            revision,
        }
    }

    fn key(&self) -> [i32; 4] {
        [self.major, self.minor, self.build, self.revision]
    }
}

impl PartialOrd for PsVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PsVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl std::fmt::Display for PsVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if self.build >= 0 {
            write!(f, ".{}", self.build)?;
            if self.revision >= 0 {
                write!(f, ".{}", self.revision)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_compare_print() {
        let a = PsVersion::parse("1.10.0").unwrap();
        let b = PsVersion::parse("1.9.5").unwrap();
        assert!(a > b);
        assert_eq!(a.to_string(), "1.10.0");
        assert_eq!(PsVersion::parse("2.0").unwrap().build, -1);
        assert!(PsVersion::parse("1").is_none());
        assert!(PsVersion::parse("1.x").is_none());
    }
}
