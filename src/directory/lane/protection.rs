//! The protected-lane rules: admins, service/app/customer accounts, the allowlist and the
//! exclusions, resolved once per classification run so each user is checked by lookups.

use super::reason::Reason;
use crate::directory::allowlist::{AllowEntry, Allowlist, Exclusions};
use crate::directory::ids::GroupId;
use crate::directory::org::Directory;
use crate::directory::user::{AccountType, PlatformRole, User};
use std::collections::HashMap;

/// Service accounts are recognised by the email Atlassian generates for them.
pub const SERVICE_ACCOUNT_EMAIL_SUFFIX: &str = "@serviceaccount.atlassian.com";

/// The allowlist and exclusions, indexed for lookups by account, email, group and domain.
pub(crate) struct Protection<'a> {
    by_account_id: HashMap<&'a str, &'a AllowEntry>,
    by_email: HashMap<String, &'a AllowEntry>,
    by_group: HashMap<&'a GroupId, Vec<(&'a str, &'a AllowEntry)>>,
    unresolved_group_ids: HashMap<GroupId, &'a AllowEntry>,
    by_domain: HashMap<String, &'a AllowEntry>,
    exclusions: &'a Exclusions,
}

impl<'a> Protection<'a> {
    pub(crate) fn new(
        directory: &'a Directory,
        allowlist: &'a Allowlist,
        exclusions: &'a Exclusions,
    ) -> Self {
        let mut by_account_id = HashMap::new();
        let mut by_email = HashMap::new();
        for entry in &allowlist.accounts {
            let value = entry.value.trim();
            if value.contains('@') {
                by_email.entry(value.to_lowercase()).or_insert(entry);
            } else {
                by_account_id.entry(value).or_insert(entry);
            }
        }
        let mut by_group: HashMap<&GroupId, Vec<(&str, &AllowEntry)>> = HashMap::new();
        let mut unresolved_group_ids = HashMap::new();
        for entry in &allowlist.groups {
            let wanted = entry.value.trim();
            let mut resolved = false;
            for group in &directory.groups {
                if group.name.to_lowercase() == wanted.to_lowercase() || group.id.as_str() == wanted {
                    by_group
                        .entry(&group.id)
                        .or_default()
                        .push((group.name.as_str(), entry));
                    resolved = true;
                }
            }
            if !resolved {
                unresolved_group_ids.entry(GroupId::from(wanted)).or_insert(entry);
            }
        }
        let by_domain = allowlist
            .domains
            .iter()
            .map(|entry| (entry.value.trim().trim_start_matches('@').to_lowercase(), entry))
            .collect();
        Self {
            by_account_id,
            by_email,
            by_group,
            unresolved_group_ids,
            by_domain,
            exclusions,
        }
    }

    /// Appends every protecting reason for `user`; returns whether the allowlist or an
    /// exclusion (rather than the account's nature) contributed one.
    pub(crate) fn collect(&self, user: &User, reasons: &mut Vec<Reason>) -> bool {
        for role in &user.platform_roles {
            if matches!(
                role,
                PlatformRole::OrgAdmin | PlatformRole::SiteAdmin | PlatformRole::UserAccessAdmin
            ) {
                reasons.push(Reason::AdminRole(role.clone()));
            }
        }
        let email = user.email.as_deref().map(str::to_lowercase);
        if email
            .as_deref()
            .is_some_and(|e| e.ends_with(SERVICE_ACCOUNT_EMAIL_SUFFIX))
        {
            reasons.push(Reason::ServiceAccount);
        }
        match user.account_type {
            AccountType::App => reasons.push(Reason::AppAccount),
            AccountType::Customer => reasons.push(Reason::CustomerAccount),
            AccountType::Atlassian | AccountType::Other(_) => {}
        }
        let before = reasons.len();
        self.collect_allowlisted(user, email.as_deref(), reasons);
        reasons.len() > before
    }

    fn collect_allowlisted(&self, user: &User, email: Option<&str>, reasons: &mut Vec<Reason>) {
        if let Some(entry) = self.by_account_id.get(user.account_id.as_str()) {
            reasons.push(allowlisted_account(user.account_id.as_str(), entry));
        }
        if let Some(entry) = email.and_then(|e| self.by_email.get(e)) {
            reasons.push(allowlisted_account(&entry.value, entry));
        }
        for group_id in &user.groups {
            for (name, entry) in self.by_group.get(group_id).into_iter().flatten() {
                reasons.push(Reason::AllowlistedGroup {
                    group: (*name).to_owned(),
                    reason: entry.reason.clone(),
                });
            }
            if let Some(entry) = self.unresolved_group_ids.get(group_id) {
                reasons.push(Reason::AllowlistedGroup {
                    group: group_id.to_string(),
                    reason: entry.reason.clone(),
                });
            }
        }
        if let Some((domain, entry)) = email
            .and_then(|e| e.rsplit_once('@'))
            .and_then(|(_, domain)| self.by_domain.get_key_value(domain))
        {
            reasons.push(Reason::AllowlistedDomain {
                domain: domain.clone(),
                reason: entry.reason.clone(),
            });
        }
        if let Some(exclusion) = self.exclusions.get(&user.account_id) {
            reasons.push(Reason::Excluded {
                reason: exclusion.reason.clone(),
                excluded_at: exclusion.excluded_at,
            });
        }
    }
}

fn allowlisted_account(matched: &str, entry: &AllowEntry) -> Reason {
    Reason::AllowlistedAccount {
        matched: matched.to_owned(),
        reason: entry.reason.clone(),
    }
}
