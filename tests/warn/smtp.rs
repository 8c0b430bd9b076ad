//! Warning notices sent to a REAL SMTP server process on loopback (Python's `aiosmtpd`, started
//! by the test and installed by `.ci/run` from Debian's `python3-aiosmtpd`): every message
//! arrives once, to the right recipient, with the rendered text. Skips with a printed reason
//! when the server is not installed, unless `DORMANT_REQUIRE_SMTP_TEST=1`.

use crate::support::users as support;

use crate::support::smtp;

use dormant::directory::{DirectoryIndex, Exclusions, GraceDays, Policy};
use dormant::store::config::{SmtpSettings, SmtpTls};
use dormant::warn::{DEFAULT_TEMPLATE, Delivery, Mailer, Template, WarningRun};
use smtp::{SmtpServer, received_messages};
use std::sync::Arc;
use support::{UserBuilder, directory, now};

#[tokio::test]
async fn every_notice_reaches_a_real_smtp_server_with_its_recipient_and_text() {
    let Some(server) = SmtpServer::start().await else {
        return;
    };
    let port = server.port;
    let users = vec![
        UserBuilder::new("u-1", "Ada Lovelace")
            .products(&[("jira", Some(120))])
            .build(),
        UserBuilder::new("u-2", "Grace Hopper")
            .products(&[("jira", Some(200)), ("confluence", Some(150))])
            .build(),
        UserBuilder::new("u-3", "No Mail")
            .email(None)
            .products(&[("jira", Some(300))])
            .build(),
    ];
    let index = DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let mut run = WarningRun::build(&index, &[0, 1, 2], GraceDays::DEFAULT, now());
    let settings: SmtpSettings = toml::from_str(&format!(
        "host = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nsender = \"IT <it@acme.example>\"\npace_ms = 200\n"
    ))
    .expect("smtp settings");
    assert_eq!(settings.tls, SmtpTls::None);
    let mailer = Mailer::new(&settings, None, "default").expect("mailer");
    let template = Template::parse(DEFAULT_TEMPLATE).expect("shipped template");
    mailer.send_run(&mut run, &template, "Acme", now).await;

    assert_eq!(run.records[0].delivery, Delivery::Sent { at: now() });
    assert_eq!(run.records[1].delivery, Delivery::Sent { at: now() });
    assert!(
        matches!(&run.records[2].delivery, Delivery::Failed { reason, .. } if reason.contains("no email")),
        "{:?}",
        run.records[2].delivery
    );
    assert_eq!(run.delivery_counts(), (2, 1));

    let messages = received_messages(&server, 2).await;
    let deadline = GraceDays::DEFAULT
        .deadline_from(now())
        .format("%Y-%m-%d")
        .to_string();
    for (message, (email, name, products)) in messages.iter().zip([
        ("ada.lovelace@acme.example", "Ada Lovelace", "Jira"),
        ("grace.hopper@acme.example", "Grace Hopper", "Jira and Confluence"),
    ]) {
        assert!(
            message.contains(&format!("To: \"{name}\" <{email}>")),
            "{message}"
        );
        assert!(message.contains(&format!("Hello {name},")), "{message}");
        assert!(message.contains(&format!("not used {products} for")), "{message}");
        assert!(
            message.contains(&format!(
                "Subject: Your Acme Atlassian access will be suspended on {deadline}"
            )),
            "{message}"
        );
        assert!(message.contains("From: IT <it@acme.example>"), "{message}");
    }
}
