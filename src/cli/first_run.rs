//! The first-run explanation: what to do when dormant has no profile and no key yet. Owns the
//! wording and the predicate; the TUI entry point decides when to show it.

use crate::store::config::Config;
use crate::store::credentials::KEY_ENV_VAR;

/// True when nothing is set up: the config has no `[profiles.*]` table and `DORMANT_API_KEY` is
/// unset. (A key stored without a profile cannot happen through `dormant login`, which records
/// the profile, so the keychain is not consulted: this check stays instant and offline.)
#[must_use]
pub fn is_first_run(config: &Config, env_key_set: bool) -> bool {
    !config.has_profiles() && !env_key_set
}

/// [`is_first_run`] with this process's environment.
#[must_use]
pub fn is_first_run_now(config: &Config) -> bool {
    is_first_run(config, std::env::var_os(KEY_ENV_VAR).is_some())
}

/// The three steps, printed in the terminal instead of an empty screen.
#[must_use]
pub fn message() -> String {
    format!(
        "Welcome to dormant: it finds idle paid seats in your Atlassian Cloud org and cleans them up.\n\
         \n\
         Nothing is set up yet. Three steps:\n\
         \n  \
           1. Create an org API key: admin.atlassian.com → (your org) → Settings → API keys →\n     \
              Create API key. You need to be an organization admin. Copy the key and the org id.\n  \
           2. Run `dormant login` and paste the key when asked (typing is hidden). dormant checks\n     \
              it against the API and keeps it in your OS keychain, never in a file.\n     \
              Several orgs? `dormant login --profile NAME --org ORG_ID` once per org.\n  \
           3. Run `dormant`.\n\
         \n\
         Just looking? `dormant demo` opens a simulated org on this machine: no key, no real data.\n\
         For CI and scripts, set {KEY_ENV_VAR} instead of logging in.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_message_names_the_three_steps_and_the_demo() {
        let text = message();
        for needle in [
            "admin.atlassian.com",
            "Settings → API keys",
            "dormant login",
            "3. Run `dormant`",
            "dormant demo",
        ] {
            assert!(text.contains(needle), "{needle:?} missing");
        }
    }

    #[test]
    fn first_run_means_no_profile_and_no_env_key() {
        let empty = Config::parse("", Path::new("c.toml")).expect("empty config");
        assert!(is_first_run(&empty, false));
        assert!(!is_first_run(&empty, true));
        let set_up = Config::parse("[profiles.acme]\norg_id = \"o\"\n", Path::new("c.toml")).expect("valid");
        assert!(!is_first_run(&set_up, false));
    }
}
