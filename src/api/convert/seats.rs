//! Wire sites and role assignments into `directory::Site` and `RoleGrant`: product keys in the
//! v2 spelling users' `productAccess` uses, ids shared through the load's interner, unknown
//! roles kept verbatim (billed, by `Role::is_billable`). No I/O.

use crate::api::assumptions::V1_KEYS_REPORTED_AS_JIRA_IN_V2;
use crate::api::model::{GroupRoleAssignment, Workspace};
use crate::directory::{Interner, ProductId, ProductKey, Role, RoleGrant, Site};

/// A workspace as a site. The product comes from the resource id when it is an ARI, else from
/// `typeKey`; a bare id becomes the site ARI of that product (UNCONFIRMED,
/// `WORKSPACE_ID_IS_RESOURCE_ID`). A workspace naming no product at all is not a site: `None`.
#[must_use]
pub fn site(record: Workspace, interner: &mut Interner) -> Option<Site> {
    let attributes = record.attributes.unwrap_or_default();
    let from_type = attributes
        .type_key
        .as_deref()
        .or(attributes.kind.as_deref())
        .map(v2_key);
    let product = ari_product(&record.id).map(v2_key).or(from_type)?.to_owned();
    let id = if record.id.starts_with("ari:") {
        record.id
    } else {
        format!("ari:cloud:{product}::site/{}", record.id)
    };
    let name = attributes
        .name
        .or_else(|| attributes.host_url.as_deref().map(host_name))
        .unwrap_or_else(|| id.clone());
    Some(Site {
        id: interner.id(&id),
        product: interner.id(&product),
        name,
        host_url: attributes.host_url,
    })
}

/// A group's role assignment on one resource. Its product is the known site's, else the
/// resource id's, else `resourceOwner`'s. Roles are kept as listed; none listed stays empty
/// (billed), whatever `defaultRole` says (`EMPTY_ROLES_IGNORE_DEFAULT_ROLE`).
#[must_use]
pub fn grant(record: &GroupRoleAssignment, sites: &[Site], interner: &mut Interner) -> RoleGrant {
    let site: ProductId = interner.id(&record.resource_id);
    let product: ProductKey = match sites.iter().find(|known| known.id == site) {
        Some(known) => known.product.clone(),
        None => interner.id(ari_product(&record.resource_id)
            .or(record.resource_owner.as_deref().filter(|owner| !owner.is_empty()))
            .map_or("unknown", v2_key)),
    };
    let mut roles: Vec<Role> = Vec::with_capacity(record.roles.len());
    for role in &record.roles {
        let role = Role::from(role.id());
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    RoleGrant { site, product, roles }
}

/// The product segment of an ARI (`jira` in `ari:cloud:jira::site/…`).
fn ari_product(id: &str) -> Option<&str> {
    id.strip_prefix("ari:cloud:")?
        .split_once("::")
        .map(|(product, _)| product)
        .filter(|product| !product.is_empty())
}

/// The v2 spelling of a product key (Jira Software and Core report as `jira`, UNCONFIRMED).
fn v2_key(key: &str) -> &str {
    if V1_KEYS_REPORTED_AS_JIRA_IN_V2.contains(&key) {
        "jira"
    } else {
        key
    }
}

/// `acme` from `https://acme.atlassian.net/` or `acme.atlassian.net`.
fn host_name(host_url: &str) -> String {
    let host = host_url
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = host.split(['/', ':']).next().unwrap_or(host);
    host.split('.').next().unwrap_or(host).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::Page;

    /// Reference §1.13 fields, real-API style: a bare cloud id and a Jira Software type key.
    const WORKSPACES: &str = r#"{"data":[
      {"id":"ari:cloud:confluence::site/9f2c","type":"workspaces","attributes":{"name":"acme","typeKey":"confluence","type":"confluence","owner":"o","status":"online","usage":5,"capacity":10,"hostUrl":"acme.atlassian.net","future":{"x":1}},"relationships":{"entitlement":[]}},
      {"id":"77aa","type":"workspaces","attributes":{"typeKey":"jira-software","hostUrl":"https://acme-eu.atlassian.net/"}},
      {"id":"nothing-known"}
    ],"links":{"next":"abc"}}"#;

    /// Reference §1.10 fields: string roles, object roles, no roles, an unknown role.
    const ROLE_ASSIGNMENTS: &str = r#"{"data":[
      {"resourceId":"ari:cloud:confluence::site/9f2c","resourceOwner":"confluence","defaultRole":"atlassian/user","roles":["atlassian/guest"]},
      {"resourceId":"ari:cloud:jira::site/77aa","resourceOwner":"jira","defaultRole":true,"roles":[{"id":"atlassian/admin"},{"roleId":"atlassian/user"},"atlassian/admin"]},
      {"resourceId":"ari:cloud:jira-service-desk::site/9f2c","defaultRole":"atlassian/customer"},
      {"resourceId":"opaque-1","resourceOwner":"jira-software","roles":["atlassian/brand-new"]}
    ],"links":{}}"#;

    #[test]
    fn workspaces_become_sites_with_v2_keys_and_names() {
        let page: Page<Workspace> = serde_json::from_str(WORKSPACES).expect("decodes");
        assert_eq!(page.next_cursor().as_deref(), Some("abc"));
        let mut interner = Interner::default();
        let sites: Vec<Site> = page
            .data
            .into_iter()
            .filter_map(|w| site(w, &mut interner))
            .collect();
        assert_eq!(sites.len(), 2, "{sites:?}");
        assert_eq!(sites[0].id.as_str(), "ari:cloud:confluence::site/9f2c");
        assert_eq!(sites[0].product.as_str(), "confluence");
        assert_eq!(sites[0].name, "acme");
        assert_eq!(sites[1].id.as_str(), "ari:cloud:jira::site/77aa");
        assert_eq!(sites[1].product.as_str(), "jira");
        assert_eq!(sites[1].name, "acme-eu");
    }

    #[test]
    fn role_assignments_keep_roles_and_never_read_a_default_as_held() {
        let page: Page<GroupRoleAssignment> = serde_json::from_str(ROLE_ASSIGNMENTS).expect("decodes");
        let mut interner = Interner::default();
        let sites = vec![Site {
            id: interner.id("ari:cloud:jira::site/77aa"),
            product: interner.id("jira"),
            name: "acme-eu".into(),
            host_url: None,
        }];
        let grants: Vec<RoleGrant> = page
            .data
            .iter()
            .map(|r| grant(r, &sites, &mut interner))
            .collect();
        assert_eq!(grants[0].product.as_str(), "confluence");
        assert_eq!(grants[0].roles, [Role::Guest]);
        assert!(!grants[0].roles.iter().any(Role::is_billable));
        assert_eq!(grants[1].roles, [Role::Admin, Role::User]);
        // No roles listed: empty, which seats count as billed, although the default is a customer.
        assert_eq!(grants[2].product.as_str(), "jira-service-desk");
        assert!(grants[2].roles.is_empty());
        assert_eq!(grants[3].product.as_str(), "jira");
        assert_eq!(grants[3].roles, [Role::Other("atlassian/brand-new".into())]);
        assert!(grants[3].roles[0].is_billable());
    }
}
