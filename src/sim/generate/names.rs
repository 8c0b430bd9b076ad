//! Name tables and the text derived from them (org names, people, apps, service accounts,
//! nicknames, ASCII email local parts). Owns no randomness policy beyond picking from tables and
//! no user records.

use std::sync::LazyLock;

use crate::sim::rng::SimRng;

/// Fictional org names with the slug their `.example` domains are built from.
pub const ORG_NAMES: [(&str, &str); 12] = [
    ("Acme Corp", "acme"),
    ("Globex Industries", "globex"),
    ("Initech", "initech"),
    ("Northwind Traders", "northwind"),
    ("Vandelay Imports", "vandelay"),
    ("Fabrikam Robotics", "fabrikam"),
    ("Tailspin Aviation", "tailspin"),
    ("Wingtip Logistics", "wingtip"),
    ("Blue Yonder Labs", "blueyonder"),
    ("Litware Health", "litware"),
    ("Proseware Media", "proseware"),
    ("Lucerne Analytics", "lucerne"),
];

/// Given names from many cultures; combined at random, so no real person is described.
#[rustfmt::skip]
pub const FIRST_NAMES: [&str; 120] = [
    "Aiko", "Amara", "Anders", "Ana", "Aroha", "Astrid", "Ayesha", "Bao", "Beatriz", "Bilal", "Camille",
    "Carlos", "Chen", "Chiara", "Chidi", "Dagny", "Daniel", "Dario", "Deepa", "Diego", "Dmitri", "Efua",
    "Elif", "Elena", "Emeka", "Emma", "Eun-ji", "Fatima", "Felix", "Femi", "Finn", "Freya", "Gabriel",
    "Giulia", "Hana", "Hamza", "Hiroshi", "Ingrid", "Isabela", "Ivan", "Jamal", "Jana", "Javier", "Jia",
    "Joaquín", "Jonas", "José", "Julia", "Kai", "Kalani", "Karin", "Kemal", "Kenji", "Kwame", "Lars",
    "Leila", "Léa", "Liam", "Lucía", "Luka", "Maja", "Malik", "Mariam", "Mateo", "Mei", "Mikael", "Min-jun",
    "Nadia", "Naledi", "Nikhil", "Niamh", "Noah", "Nour", "Olumide", "Omar", "Oskar", "Paulo", "Pedro",
    "Priya", "Quentin", "Rafael", "Rahul", "Rania", "Ravi", "Renée", "Rosa", "Ruth", "Saanvi", "Samir",
    "Sanna", "Santiago", "Sara", "Sean", "Sebastián", "Siddharth", "Sofia", "Søren", "Sun", "Tariq",
    "Thabo", "Theo", "Tomasz", "Uma", "Valentina", "Vikram", "Wei", "Xavier", "Yara", "Yasmin", "Yerlan",
    "Yuki", "Yusuf", "Zainab", "Zanele", "Zeynep", "Zoë", "Łukasz", "Ömer", "Ngozi", "Aurelio",
];

/// Family names from many cultures.
#[rustfmt::skip]
pub const LAST_NAMES: [&str; 120] = [
    "Abara", "Adeyemi", "Ahmadi", "Alvarez", "Andersen", "Aoki", "Baptiste", "Bergström", "Bianchi",
    "Brennan", "Castillo", "Chatterjee", "Cho", "Costa", "Dąbrowski", "Dimitrov", "Dubois", "Eriksen",
    "Esposito", "Fernández", "Fischer", "Fujita", "Gallagher", "García", "Ghosh", "Haddad", "Hansen",
    "Hernández", "Hoffmann", "Horvat", "Ibrahim", "Iyer", "Jansen", "Jovanović", "Kahale", "Kaplan",
    "Karimi", "Kato", "Kowalczyk", "Kumar", "Laine", "Larsen", "Lefèvre", "Lindqvist", "Liu", "Lopes",
    "Mahlangu", "Mäkinen", "Mansour", "Marchetti", "Mbeki", "Mehta", "Mendoza", "Moreau", "Murphy",
    "Nakamura", "Ndiaye", "Nguyen", "Nielsen", "Novak", "Nyström", "Obi", "O'Connell", "Okafor", "Oliveira",
    "Olsen", "Osei", "Park", "Patel", "Petrov", "Popescu", "Quispe", "Rahman", "Raman", "Reyes", "Richter",
    "Rossi", "Saito", "Salazar", "Santos", "Schmidt", "Sharma", "Silva", "Singh", "Sokolova", "Suzuki",
    "Svensson", "Takahashi", "Tan", "Tanaka", "Tembo", "Torres", "Tran", "Usman", "Van Dijk", "Varga",
    "Vasquez", "Virtanen", "Wagner", "Walsh", "Wang", "Watanabe", "Weber", "Wiśniewski", "Wójcik", "Xu",
    "Yamamoto", "Yilmaz", "Yoon", "Zhang", "Zhou", "Zimmermann", "Ørsted", "Ålander", "Çelik", "Şahin",
    "Núñez", "Kealoha", "Mwangi", "Achterberg",
];

/// Marketplace and Atlassian apps that hold app accounts in real orgs; each appears once.
pub const BOT_NAMES: [&str; 14] = [
    "Automation for Jira",
    "Jira Cloud for Slack",
    "Microsoft Teams for Jira Cloud",
    "GitHub for Jira",
    "GitLab for Jira Cloud",
    "Opsgenie Integration",
    "Statuspage for Jira",
    "Confluence Cloud for Slack",
    "Trello Power-Up",
    "Zoom for Jira",
    "Atlassian Assist",
    "Tempo Timesheets",
    "Jira Misc Workflow Extensions",
    "Google Drive for Confluence",
];

/// Purposes of service accounts, used as their display name and email local part.
pub const SERVICE_ACCOUNT_PURPOSES: [(&str, &str); 12] = [
    ("Backup Exporter", "svc-backup"),
    ("CI Pipeline", "svc-ci-pipeline"),
    ("Reporting Warehouse Sync", "svc-reporting"),
    ("Jira Issue Importer", "svc-jira-import"),
    ("Confluence Space Archiver", "svc-confluence-archive"),
    ("Monitoring Probe", "svc-monitoring"),
    ("Terraform Provisioner", "svc-terraform"),
    ("Audit Log Exporter", "svc-audit-export"),
    ("Release Orchestrator", "svc-release"),
    ("Service Desk Router", "svc-desk-router"),
    ("Bitbucket Mirror", "svc-bitbucket-mirror"),
    ("Compliance Scanner", "svc-compliance"),
];

/// [`FIRST_NAMES`] and [`LAST_NAMES`] folded to ASCII once, for email local parts.
static FOLDED: LazyLock<(Vec<String>, Vec<String>)> = LazyLock::new(|| {
    let fold = |names: &[&str]| names.iter().map(|name| ascii_fold(name)).collect();
    (fold(&FIRST_NAMES), fold(&LAST_NAMES))
});

/// A person's generated name: positions in [`FIRST_NAMES`] and [`LAST_NAMES`].
#[derive(Debug, Clone, Copy)]
pub struct PersonName {
    first: usize,
    last: usize,
}

impl PersonName {
    pub fn random(rng: &mut SimRng) -> Self {
        Self {
            first: rng.index(FIRST_NAMES.len()),
            last: rng.index(LAST_NAMES.len()),
        }
    }

    fn first(self) -> &'static str {
        FIRST_NAMES.get(self.first).copied().unwrap_or_default()
    }

    fn last(self) -> &'static str {
        LAST_NAMES.get(self.last).copied().unwrap_or_default()
    }

    fn folded(self) -> (&'static str, &'static str) {
        let (firsts, lasts) = &*FOLDED;
        let first = firsts.get(self.first).map_or("", String::as_str);
        (first, lasts.get(self.last).map_or("", String::as_str))
    }

    pub fn display(self) -> String {
        let (first, last) = (self.first(), self.last());
        let mut text = String::with_capacity(first.len() + last.len() + 1);
        text.push_str(first);
        text.push(' ');
        text.push_str(last);
        text
    }

    /// The public name shown to others: the given name, the full name, or `given.initial`.
    pub fn nickname(self, rng: &mut SimRng) -> String {
        match rng.below(10) {
            0..=3 => self.first().to_owned(),
            4..=6 => self.display(),
            _ => {
                let (first, last) = self.folded();
                let mut text = String::with_capacity(first.len() + 2);
                text.push_str(first);
                text.push('.');
                text.push_str(last.get(..1).unwrap_or_default());
                text
            }
        }
    }

    /// `first.last` in lowercase ASCII, the usual corporate local part.
    pub fn email_local(self) -> String {
        let (first, last) = self.folded();
        let mut text = String::with_capacity(first.len() + last.len() + 1);
        text.push_str(first);
        text.push('.');
        text.push_str(last);
        text
    }
}

/// Lowercase ASCII letters of `text`, diacritics removed; other characters dropped.
pub fn ascii_fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for character in text.chars().flat_map(char::to_lowercase) {
        let plain = match character {
            'a'..='z' => character,
            'á' | 'à' | 'â' | 'ä' | 'å' | 'ã' | 'ą' => 'a',
            'ç' | 'ć' => 'c',
            'é' | 'è' | 'ê' | 'ë' | 'ę' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' => 'n',
            'ó' | 'ò' | 'ô' | 'ö' | 'ø' | 'õ' => 'o',
            'ś' | 'ş' => 's',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ż' | 'ź' => 'z',
            'ğ' => 'g',
            'ý' => 'y',
            _ => continue,
        };
        folded.push(plain);
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_folds_to_a_usable_local_part() {
        for name in FIRST_NAMES.iter().chain(LAST_NAMES.iter()) {
            let folded = ascii_fold(name);
            assert!(folded.len() >= 2, "{name} folds to {folded:?}");
            assert!(folded.bytes().all(|byte| byte.is_ascii_lowercase()), "{name}");
        }
        assert_eq!(ascii_fold("Søren Ørsted-Łukasz"), "sorenorstedlukasz");
    }

    #[test]
    fn tables_have_no_duplicates() {
        let mut firsts = FIRST_NAMES.to_vec();
        firsts.sort_unstable();
        firsts.dedup();
        assert_eq!(firsts.len(), FIRST_NAMES.len());
        let mut lasts = LAST_NAMES.to_vec();
        lasts.sort_unstable();
        lasts.dedup();
        assert_eq!(lasts.len(), LAST_NAMES.len());
    }

    #[test]
    fn email_local_is_first_dot_last() {
        let position = |table: &[&str], wanted: &str| table.iter().position(|name| *name == wanted).unwrap();
        let name = PersonName {
            first: position(&FIRST_NAMES, "José"),
            last: position(&LAST_NAMES, "O'Connell"),
        };
        assert_eq!(name.email_local(), "jose.oconnell");
        assert_eq!(name.display(), "José O'Connell");
    }
}
