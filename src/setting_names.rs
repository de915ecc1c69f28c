//! How messages name the settings of a load: the flags of the commands that read files
//! (`--date-format`), or the `[[input]]` keys of a publish configuration (`date_format`), which
//! has no flags. A scheduled job's log then tells its owner which line of the configuration to
//! change.

/// The settings a load's messages name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    DateFormat,
    Source,
    Mapping,
    InputTimezone,
    Tenant,
    MaxRejects,
}

/// Which spelling of the settings a run's messages use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SettingNames {
    /// The command line's flags.
    #[default]
    Flags,
    /// The `[[input]]` keys of `publish`'s configuration.
    InputKeys,
}

impl SettingNames {
    /// How `setting` is spelt where the user sets it.
    pub fn of(self, setting: Setting) -> &'static str {
        let (flag, key) = match setting {
            Setting::DateFormat => ("--date-format", "date_format"),
            Setting::Source => ("--source", "source"),
            Setting::Mapping => ("--mapping", "mapping"),
            Setting::InputTimezone => ("--input-timezone", "input_timezone"),
            Setting::Tenant => ("--tenant", "tenant"),
            Setting::MaxRejects => ("--max-rejects", "max_rejects"),
        };
        match self {
            SettingNames::Flags => flag,
            SettingNames::InputKeys => key,
        }
    }

    /// The refusal of the `mapped` source without a mapping file.
    pub fn mapped_needs_mapping(self) -> String {
        format!(
            "{} mapped needs {} FILE",
            self.of(Setting::Source),
            self.of(Setting::Mapping)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_keys_name_the_same_setting() {
        assert_eq!(SettingNames::Flags.of(Setting::DateFormat), "--date-format");
        assert_eq!(
            SettingNames::InputKeys.of(Setting::DateFormat),
            "date_format"
        );
        assert_eq!(
            SettingNames::InputKeys.of(Setting::InputTimezone),
            "input_timezone"
        );
        assert_eq!(SettingNames::default(), SettingNames::Flags);
    }
}
