//! Work-profile tables: departments (with the products their identity provider group grants), job titles and
//! office locations with their time zones. Owns no user records and no group ids.

use super::site::{BITBUCKET, JIRA, ProductSet, SERVICE_MANAGEMENT};
use crate::sim::rng::SimRng;

/// A department: its identity provider group suffix, the products that group grants, and its job titles.
#[derive(Debug)]
pub struct Department {
    pub name: &'static str,
    /// `okta-{slug}` is the department's identity provider-synced group.
    pub slug: &'static str,
    pub grants: ProductSet,
    pub titles: &'static [&'static str],
    /// Relative headcount.
    pub weight: u32,
}

pub const DEPARTMENTS: [Department; 13] = [
    Department {
        name: "Engineering",
        slug: "engineering",
        grants: ProductSet::of(&[JIRA, BITBUCKET]),
        titles: &[
            "Software Engineer",
            "Senior Software Engineer",
            "Staff Engineer",
            "Principal Engineer",
            "Engineering Manager",
            "QA Engineer",
            "Site Reliability Engineer",
        ],
        weight: 30,
    },
    Department {
        name: "Product",
        slug: "product",
        grants: ProductSet::of(&[JIRA]),
        titles: &[
            "Product Manager",
            "Senior Product Manager",
            "Product Owner",
            "Director of Product",
        ],
        weight: 6,
    },
    Department {
        name: "Design",
        slug: "design",
        grants: ProductSet::of(&[JIRA]),
        titles: &[
            "Product Designer",
            "UX Researcher",
            "Design Lead",
            "Content Designer",
        ],
        weight: 5,
    },
    Department {
        name: "Customer Support",
        slug: "support",
        grants: ProductSet::of(&[JIRA, SERVICE_MANAGEMENT]),
        titles: &[
            "Support Engineer",
            "Customer Support Specialist",
            "Support Team Lead",
        ],
        weight: 10,
    },
    Department {
        name: "IT",
        slug: "it",
        grants: ProductSet::of(&[JIRA, SERVICE_MANAGEMENT]),
        titles: &[
            "IT Administrator",
            "Systems Engineer",
            "IT Support Analyst",
            "Service Desk Manager",
        ],
        weight: 5,
    },
    Department {
        name: "Sales",
        slug: "sales",
        grants: ProductSet::of(&[]),
        titles: &[
            "Account Executive",
            "Sales Engineer",
            "Sales Development Representative",
            "Regional Sales Director",
        ],
        weight: 10,
    },
    Department {
        name: "Marketing",
        slug: "marketing",
        grants: ProductSet::of(&[]),
        titles: &[
            "Marketing Manager",
            "Content Strategist",
            "Growth Marketer",
            "Brand Designer",
        ],
        weight: 7,
    },
    Department {
        name: "Finance",
        slug: "finance",
        grants: ProductSet::of(&[]),
        titles: &[
            "Financial Analyst",
            "Controller",
            "Accountant",
            "Procurement Specialist",
        ],
        weight: 4,
    },
    Department {
        name: "People",
        slug: "people",
        grants: ProductSet::of(&[SERVICE_MANAGEMENT]),
        titles: &["HR Business Partner", "Recruiter", "People Operations Specialist"],
        weight: 4,
    },
    Department {
        name: "Legal",
        slug: "legal",
        grants: ProductSet::of(&[]),
        titles: &["Legal Counsel", "Paralegal", "Compliance Manager"],
        weight: 2,
    },
    Department {
        name: "Data",
        slug: "data",
        grants: ProductSet::of(&[JIRA, BITBUCKET]),
        titles: &[
            "Data Engineer",
            "Data Scientist",
            "Analytics Engineer",
            "BI Analyst",
        ],
        weight: 6,
    },
    Department {
        name: "Security",
        slug: "security",
        grants: ProductSet::of(&[JIRA, SERVICE_MANAGEMENT]),
        titles: &["Security Engineer", "Security Analyst", "Head of Security"],
        weight: 3,
    },
    Department {
        name: "Operations",
        slug: "operations",
        grants: ProductSet::of(&[JIRA]),
        titles: &[
            "Operations Manager",
            "Program Manager",
            "Business Analyst",
            "Office Manager",
        ],
        weight: 8,
    },
];

/// Offices and the IANA zone their staff report.
pub const LOCATIONS: [(&str, &str); 16] = [
    ("Berlin", "Europe/Berlin"),
    ("London", "Europe/London"),
    ("Warsaw", "Europe/Warsaw"),
    ("Lisbon", "Europe/Lisbon"),
    ("Stockholm", "Europe/Stockholm"),
    ("San Francisco", "America/Los_Angeles"),
    ("Austin", "America/Chicago"),
    ("New York", "America/New_York"),
    ("Toronto", "America/Toronto"),
    ("São Paulo", "America/Sao_Paulo"),
    ("Bengaluru", "Asia/Kolkata"),
    ("Tokyo", "Asia/Tokyo"),
    ("Singapore", "Asia/Singapore"),
    ("Sydney", "Australia/Sydney"),
    ("Nairobi", "Africa/Nairobi"),
    ("Auckland", "Pacific/Auckland"),
];

/// A department index weighted by headcount.
pub fn random_department(rng: &mut SimRng) -> usize {
    const WEIGHTS: [u32; DEPARTMENTS.len()] = {
        let mut weights = [0; DEPARTMENTS.len()];
        let mut position = 0;
        while position < DEPARTMENTS.len() {
            weights[position] = DEPARTMENTS[position].weight;
            position += 1;
        }
        weights
    };
    rng.weighted(&WEIGHTS)
}

/// A job title of the department.
pub fn random_title(rng: &mut SimRng, department: usize) -> Option<&'static str> {
    let titles = DEPARTMENTS.get(department)?.titles;
    titles.get(rng.index(titles.len())).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_department_has_titles_and_weight() {
        for department in &DEPARTMENTS {
            assert!(!department.titles.is_empty(), "{}", department.name);
            assert!(department.weight > 0, "{}", department.name);
        }
        let mut rng = SimRng::new(1);
        for department in 0..DEPARTMENTS.len() {
            assert!(random_title(&mut rng, department).is_some());
        }
    }
}
