//! Each refusal the simulator can give surfaces as its typed error with a message that says
//! what to do: wrong key, key without a scope, key of a non-admin, wrong org id.

use dormant::api::{ApiError, Client, ClientConfig, LoadOptions, load_directory};
use dormant::sim::{RestrictedKey, RestrictedKind, SimConfig};
use dormant::types::Secret;

const SCOPELESS: &str = "restricted-scope-key";
const NOT_ADMIN: &str = "restricted-admin-key";

fn client_with_key(sim: &dormant::sim::SimHandle, key: &str) -> Client {
    Client::new(ClientConfig::new(
        sim.base_url.clone(),
        Secret::new(key.to_owned()),
    ))
    .expect("client")
}

async fn load_error(client: &Client, org_id: &str) -> ApiError {
    load_directory(client, org_id, &LoadOptions::default(), &|_| {})
        .await
        .expect_err("refused")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_is_typed_and_actionable() {
    let config = SimConfig {
        users: 200,
        seed: 3,
        restricted_keys: vec![
            RestrictedKey {
                key: SCOPELESS.into(),
                kind: RestrictedKind::InsufficientScope,
            },
            RestrictedKey {
                key: NOT_ADMIN.into(),
                kind: RestrictedKind::NotOrgAdmin,
            },
        ],
        ..SimConfig::default()
    };
    let sim = dormant::sim::start(config).await.expect("simulator starts");

    let wrong = client_with_key(&sim, "not-the-key-at-all");
    let err = load_error(&wrong, &sim.org_id).await;
    assert!(matches!(err, ApiError::Unauthorized { .. }), "{err}");
    assert!(
        err.is_auth()
            && err
                .to_string()
                .contains("admin.atlassian.com → Settings → API keys"),
        "{err}"
    );
    assert!(!format!("{err} {err:?}").contains("not-the-key-at-all"));

    let err = load_error(&client_with_key(&sim, SCOPELESS), &sim.org_id).await;
    assert!(matches!(err, ApiError::InsufficientScope { .. }), "{err}");
    assert!(err.to_string().contains(":admin`"), "names the scope: {err}");

    let err = load_error(&client_with_key(&sim, NOT_ADMIN), &sim.org_id).await;
    assert!(matches!(err, ApiError::NotOrgAdmin { .. }), "{err}");
    assert!(err.to_string().contains("not an admin"), "{err}");

    let good = client_with_key(&sim, sim.key.expose());
    let err = load_error(&good, "00000000-0000-4000-8000-000000000000").await;
    assert!(matches!(err, ApiError::OrgNotFound { .. }), "{err}");
    assert!(err.to_string().contains("--org / DORMANT_ORG_ID"), "{err}");

    assert_eq!(
        good.discover_org().await.expect("one org visible").as_str(),
        sim.org_id
    );
    let err = good
        .last_active_dates(&sim.org_id, "no-such-account")
        .await
        .expect_err("unknown user");
    assert!(
        matches!(err, ApiError::NotFound { ref subject, .. } if subject == "user no-such-account"),
        "{err}"
    );
}
