//! The conceptual help topics (`about_*`) rosh ships, embedded from `stdlib/help/`, and the
//! default topic `Get-Help` shows without a name.

/// One `about_` topic.
pub struct Topic {
    /// Its name (`about_Jobs`).
    pub name: &'static str,
    /// Its text, as `Get-Help` shows it.
    pub text: &'static str,
}

/// Every topic, by name.
pub const TOPICS: &[Topic] = &[
    Topic {
        name: "about_Jobs",
        text: include_str!("../../help/about_Jobs.help.txt"),
    },
    Topic {
        name: "about_Language_Modes",
        text: include_str!("../../help/about_Language_Modes.help.txt"),
    },
    Topic {
        name: "about_Profiles",
        text: include_str!("../../help/about_Profiles.help.txt"),
    },
    Topic {
        name: "about_PSSessions",
        text: include_str!("../../help/about_PSSessions.help.txt"),
    },
    Topic {
        name: "about_Remote",
        text: include_str!("../../help/about_Remote.help.txt"),
    },
    Topic {
        name: "about_Remote_FAQ",
        text: include_str!("../../help/about_Remote_FAQ.help.txt"),
    },
    Topic {
        name: "about_Remote_Output",
        text: include_str!("../../help/about_Remote_Output.help.txt"),
    },
    Topic {
        name: "about_Remote_Variables",
        text: include_str!("../../help/about_Remote_Variables.help.txt"),
    },
    Topic {
        name: "about_Session_Configurations",
        text: include_str!("../../help/about_Session_Configurations.help.txt"),
    },
];

/// What `Get-Help` shows when given no name.
pub const DEFAULT: &str = include_str!("../../help/default.help.txt");

/// A topic's synopsis: the text under its `SHORT DESCRIPTION` heading, on one line.
pub fn synopsis(text: &str) -> String {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.trim().eq_ignore_ascii_case("SHORT DESCRIPTION"))
        .skip(1)
        .skip_while(|l| l.trim().is_empty());
    let mut words: Vec<&str> = Vec::new();
    for l in lines.by_ref() {
        if l.trim().is_empty() {
            break;
        }
        words.push(l.trim());
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_names_itself_and_has_a_synopsis() {
        for t in TOPICS {
            assert!(
                t.text.lines().take(3).any(|l| l.trim() == t.name),
                "{} names itself under TOPIC",
                t.name
            );
            assert!(!synopsis(t.text).is_empty(), "{} has a synopsis", t.name);
        }
    }
}
