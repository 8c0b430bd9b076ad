//! The simulator: `dormant sim` as a process, the contract of every endpoint, and its transport layer.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod fixture;
    pub mod server;
}

#[path = "sim/cli.rs"]
mod cli;
#[path = "sim/contract_access.rs"]
mod contract_access;
#[path = "sim/contract_generated.rs"]
mod contract_generated;
#[path = "sim/contract_groups.rs"]
mod contract_groups;
#[path = "sim/contract_inspect.rs"]
mod contract_inspect;
#[path = "sim/contract_lifecycle.rs"]
mod contract_lifecycle;
#[path = "sim/contract_memberships.rs"]
mod contract_memberships;
#[path = "sim/contract_orgs.rs"]
mod contract_orgs;
#[path = "sim/contract_reference_shapes.rs"]
mod contract_reference_shapes;
#[path = "sim/contract_seats_read.rs"]
mod contract_seats_read;
#[path = "sim/contract_user_paging.rs"]
mod contract_user_paging;
#[path = "sim/contract_user_search.rs"]
mod contract_user_search;
#[path = "sim/contract_users.rs"]
mod contract_users;
#[path = "sim/seats_org.rs"]
mod seats_org;
#[path = "sim/transport.rs"]
mod transport;
