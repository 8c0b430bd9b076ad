//! The API client against the simulator and a scripted server on loopback: typed errors, retries, faults,
//! and a full load that equals the simulator's ground truth.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod expected;
}

#[path = "client/errors.rs"]
mod errors;
#[path = "client/faults.rs"]
mod faults;
#[path = "client/retry.rs"]
mod retry;
#[path = "client/seats.rs"]
mod seats;
#[path = "client/sim.rs"]
mod sim;
