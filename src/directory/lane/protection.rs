//! The protected-lane rules: admins, service/app/customer accounts, the allowlist and the
//! exclusions, resolved once per classifier so each user is checked by lookups.

use super::reason::Reason;
use super::sink::ReasonSink;
use crate::directory::allowlist::{Allowlist, Exclusions};
use crate::directory::ids::{AccountId, GroupId};
use crate::directory::org::Directory;
use crate::directory::user::{AccountType, PlatformRole, User};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Service accounts are recognised by the email Atlassian generates for them.
pub const SERVICE_ACCOUNT_EMAIL_SUFFIX: &str = "@serviceaccount.atlassian.com";

/// Whether `email` is a service account's, in any case, without allocating.
pub(crate) fn is_service_email(email: &str) -> bool {
    let suffix = SERVICE_ACCOUNT_EMAIL_SUFFIX.as_bytes();
    let Some(start) = email.len().checked_sub(suffix.len()) else {
        return false;
    };
    // Most emails fail at the `@`, before any case folding.
    let tail = &email.as_bytes()[start..];
    tail[0] == b'@' && tail.eq_ignore_ascii_case(suffix)
}

/// Whether a role makes its holder an administrator (`ai-access` does not).
pub(crate) fn is_admin_role(role: &PlatformRole) -> bool {
    matches!(
        role,
        PlatformRole::OrgAdmin | PlatformRole::SiteAdmin | PlatformRole::UserAccessAdmin
    )
}

/// (what matched, the configured reason).
type Entry = (String, String);

/// The allowlist and exclusions, owned and indexed for lookups by account, email, group, domain.
#[derive(Debug, Clone, Default)]
pub(crate) struct Protection {
    by_account_id: HashMap<String, Entry>,
    by_email: HashMap<String, Entry>,
    by_group: HashMap<GroupId, Vec<Entry>>,
    by_domain: HashMap<String, Entry>,
    exclusions: HashMap<AccountId, (String, DateTime<Utc>)>,
}

impl Protection {
    pub(crate) fn new(directory: &Directory, allowlist: &Allowlist, exclusions: &Exclusions) -> Self {
        let mut protection = Protection::default();
        for entry in &allowlist.accounts {
            let value = entry.value.trim();
            let (map, key) = if value.contains('@') {
                (&mut protection.by_email, value.to_lowercase())
            } else {
                (&mut protection.by_account_id, value.to_owned())
            };
            map.entry(key)
                .or_insert_with(|| (value.to_owned(), entry.reason.clone()));
        }
        for entry in &allowlist.groups {
            let wanted = entry.value.trim();
            let wanted_lower = wanted.to_lowercase();
            let mut resolved = false;
            for group in &directory.groups {
                if group.name.to_lowercase() == wanted_lower || group.id.as_str() == wanted {
                    let matched = (group.name.clone(), entry.reason.clone());
                    protection
                        .by_group
                        .entry(group.id.clone())
                        .or_default()
                        .push(matched);
                    resolved = true;
                }
            }
            if !resolved {
                // Not in the group list: still matches users who reference it by id.
                let matched = (wanted.to_owned(), entry.reason.clone());
                protection
                    .by_group
                    .entry(GroupId::from(wanted))
                    .or_default()
                    .push(matched);
            }
        }
        for entry in &allowlist.domains {
            let domain = entry.value.trim().trim_start_matches('@').to_lowercase();
            protection
                .by_domain
                .entry(domain.clone())
                .or_insert((domain, entry.reason.clone()));
        }
        protection.exclusions = exclusions
            .iter()
            .map(|e| (e.account_id.clone(), (e.reason.clone(), e.excluded_at)))
            .collect();
        protection
    }

    /// Pushes every protecting reason for `user`; returns whether the allowlist or an exclusion
    /// (rather than the account's nature) contributed one.
    pub(crate) fn collect(&self, user: &User, sink: &mut impl ReasonSink) -> bool {
        for role in user.platform_roles.iter().filter(|role| is_admin_role(role)) {
            sink.add(|| Reason::AdminRole(role.clone()));
        }
        if user.email.as_deref().is_some_and(is_service_email) {
            sink.add(|| Reason::ServiceAccount);
        }
        match user.account_type {
            AccountType::App => sink.add(|| Reason::AppAccount),
            AccountType::Customer => sink.add(|| Reason::CustomerAccount),
            AccountType::Atlassian | AccountType::Other(_) => {}
        }
        let before = sink.count();
        self.collect_allowlisted(user, sink);
        sink.count() > before
    }

    fn collect_allowlisted(&self, user: &User, sink: &mut impl ReasonSink) {
        let allowlisted = |(matched, reason): &Entry| Reason::AllowlistedAccount {
            matched: matched.clone(),
            reason: reason.clone(),
        };
        if let Some(entry) = self.by_account_id.get(user.account_id.as_str()) {
            sink.add(|| allowlisted(entry));
        }
        if !self.by_email.is_empty()
            && let Some(entry) = user
                .email
                .as_deref()
                .and_then(|e| self.by_email.get(&e.to_lowercase()))
        {
            sink.add(|| allowlisted(entry));
        }
        if !self.by_group.is_empty() {
            for (group, reason) in user
                .groups
                .iter()
                .filter_map(|id| self.by_group.get(id))
                .flatten()
            {
                sink.add(|| Reason::AllowlistedGroup {
                    group: group.clone(),
                    reason: reason.clone(),
                });
            }
        }
        if !self.by_domain.is_empty()
            && let Some((domain, reason)) = user.email_domain().and_then(|d| self.by_domain.get(&d))
        {
            sink.add(|| Reason::AllowlistedDomain {
                domain: domain.clone(),
                reason: reason.clone(),
            });
        }
        if let Some((reason, excluded_at)) = self.exclusions.get(&user.account_id) {
            sink.add(|| Reason::Excluded {
                reason: reason.clone(),
                excluded_at: *excluded_at,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_emails_are_recognised_in_any_case_and_nothing_shorter_matches() {
        assert!(is_service_email("ci@serviceaccount.atlassian.com"));
        assert!(is_service_email("CI@ServiceAccount.Atlassian.COM"));
        assert!(!is_service_email("ci@serviceaccount.atlassian.com.evil.example"));
        assert!(!is_service_email("ci@notserviceaccount.atlassian.com"));
        assert!(!is_service_email("serviceaccount.atlassian.com"));
        assert!(!is_service_email(""));
    }
}
