//! The users found so far, one entry per account: a second sighting (another directory, the
//! other end of a partition, the sweep) merges into the first. Owns no I/O.

use crate::api::convert::{self, ProductCatalog};
use crate::api::model::DirectoryUser;
use crate::directory::{AccountId, Activity, DirectoryId, Interner, User};
use std::collections::HashMap;

/// Users found so far, one entry per account.
#[derive(Debug, Default)]
pub struct Roster {
    users: Vec<User>,
    index: HashMap<AccountId, usize>,
    /// Product ids seen in search results, for mapping `last-active-dates` keys.
    pub catalog: ProductCatalog,
    /// The load's shared id texts: the org's group and directory ids, then every id users carry.
    pub interner: Interner,
}

impl Roster {
    #[must_use]
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// Converts a search record seen in `directory` (sharing its ids through the interner) and
    /// adds it as `add` does.
    pub fn add_record(&mut self, record: DirectoryUser, directory: Option<&DirectoryId>) -> Option<usize> {
        let user = convert::user(record, directory, &mut self.interner);
        self.add(user)
    }

    /// Adds a user and returns their position, or merges a second sighting into the first
    /// (directory and group lists unioned, known activity replacing unknown) and returns `None`.
    pub fn add(&mut self, user: User) -> Option<usize> {
        self.catalog.learn(&user.activity);
        let Some(&at) = self.index.get(&user.account_id) else {
            let at = self.users.len();
            self.index.insert(user.account_id.clone(), at);
            self.users.push(user);
            return Some(at);
        };
        let known = &mut self.users[at];
        for directory in user.directories {
            if !known.directories.contains(&directory) {
                known.directories.push(directory);
            }
        }
        for group in user.groups {
            if !known.groups.contains(&group) {
                known.groups.push(group);
            }
        }
        if known.activity == Activity::Unknown {
            known.activity = user.activity;
        }
        None
    }

    #[must_use]
    pub fn users(&self) -> &[User] {
        &self.users
    }

    pub fn users_mut(&mut self) -> &mut [User] {
        &mut self.users
    }

    /// The users ordered by account id, so a load's output does not depend on timing. Lists
    /// grown while paging (the users, merged groups and directories) are trimmed to their
    /// length: the directory is held for the whole session.
    #[must_use]
    pub fn into_users(mut self) -> Vec<User> {
        self.users.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        self.users.shrink_to_fit();
        for user in &mut self.users {
            user.groups.shrink_to_fit();
            user.directories.shrink_to_fit();
        }
        self.users
    }
}
