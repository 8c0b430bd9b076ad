//! `Caught`: a future whose panic is returned as a value instead of unwinding into the task, so
//! the job that panicked can still report itself. Must not be polled again after it panicked
//! (it is `Ready` by then, like any finished future).

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

/// `work`, with a panic in any of its polls turned into `Err(payload)`.
pub(crate) struct Caught<F> {
    work: Pin<Box<F>>,
}

impl<F: Future> Caught<F> {
    pub(crate) fn new(work: F) -> Caught<F> {
        Caught { work: Box::pin(work) }
    }
}

impl<F: Future> Future for Caught<F> {
    type Output = Result<F::Output, Box<dyn Any + Send>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let work = self.get_mut().work.as_mut();
        // The job's state is dropped right after a panic, never observed half-changed, so
        // asserting unwind safety is sound.
        match catch_unwind(AssertUnwindSafe(|| work.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(payload) => Poll::Ready(Err(payload)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_comes_back_as_an_error_and_a_result_as_itself() {
        assert_eq!(Caught::new(async { 7 }).await.ok(), Some(7));
        let panicked = Caught::new(async {
            tokio::task::yield_now().await;
            panic!("boom");
        })
        .await;
        let payload = panicked.expect_err("the panic");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
    }
}
