//! Which users a report prints and in what order: `--filter EXPR` and `--sort FIELD[:desc]`
//! parsed against a loaded index, evaluated into row numbers through a `View`. Owns the default
//! order and the early syntax check; must not render, and leaves the grammar to `directory`.

use super::caret::SelectionError;
use crate::directory::{DirectoryIndex, Lane, Marks, ProductKey, Query, SortColumn, SortKey, View};

/// How the rows are ordered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RowOrder {
    /// Lane (cleanup-ready, needs review, active, protected), then most days idle first, rows
    /// without a day count at the end of their lane, ties by name then account id: the seats
    /// most worth reclaiming come first, and the order does not depend on the API's paging.
    #[default]
    Triage,
    /// One column, as `--sort` names it.
    By(SortKey),
}

/// A parsed `--filter` and `--sort`, valid for the index they were parsed against (its product
/// keys are term and column names).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub query: Query,
    pub order: RowOrder,
}

impl Selection {
    /// Parses the flags with `index`'s product keys; `None` means "everyone" / the triage order.
    pub fn parse(
        index: &DirectoryIndex,
        filter: Option<&str>,
        sort: Option<&str>,
    ) -> Result<Self, SelectionError> {
        let query = match filter {
            Some(text) => index
                .parse_query(text)
                .map_err(|error| SelectionError::filter(text, error))?,
            None => Query::default(),
        };
        let order = match sort {
            Some(text) => RowOrder::By(
                index
                    .parse_sort(text)
                    .map_err(|error| SelectionError::sort(text, error))?,
            ),
            None => RowOrder::Triage,
        };
        Ok(Self { query, order })
    }

    /// The matching rows of `index`, in order. Marks do not exist in a report, so `marked`
    /// matches no one.
    #[must_use]
    pub fn rows(&self, index: &DirectoryIndex) -> Vec<u32> {
        let marks = Marks::default();
        match &self.order {
            RowOrder::By(sort) => View::new(index, &self.query, sort, &marks).rows().to_vec(),
            RowOrder::Triage => {
                let most_idle_first = SortKey {
                    column: SortColumn::DaysIdle,
                    descending: true,
                };
                let view = View::new(index, &self.query, &most_idle_first, &marks);
                triage_order(index, view.rows())
            }
        }
    }
}

/// `rows` (most idle first, ties by name) grouped by lane, keeping their order within a lane and
/// moving rows without a day count (descending puts them first) to the end of their lane.
fn triage_order(index: &DirectoryIndex, rows: &[u32]) -> Vec<u32> {
    let mut dated: [Vec<u32>; 4] = Default::default();
    let mut undated: [Vec<u32>; 4] = Default::default();
    for &row in rows {
        let lane = index.lane(row).index();
        match index.idle_days(row) {
            Some(_) => dated[lane].push(row),
            None => undated[lane].push(row),
        }
    }
    let mut ordered = Vec::with_capacity(rows.len());
    for lane in Lane::ALL {
        ordered.append(&mut dated[lane.index()]);
        ordered.append(&mut undated[lane.index()]);
    }
    ordered
}

/// Checks `--filter` and `--sort` before anything is loaded, so a typo fails in milliseconds
/// rather than after loading a large org. Field and column names that could be product keys of
/// the org (only known after loading) are given the benefit of the doubt; [`Selection::parse`]
/// decides them later.
pub fn check_syntax(filter: Option<&str>, sort: Option<&str>) -> Result<(), SelectionError> {
    if let Some(text) = filter {
        check_filter(text)?;
    }
    if let Some(text) = sort {
        check_sort(text)?;
    }
    Ok(())
}

fn check_filter(text: &str) -> Result<(), SelectionError> {
    let mut assumed: Vec<ProductKey> = Vec::new();
    let mut previous = None;
    loop {
        let Err(error) = Query::parse(text, &assumed) else {
            return Ok(());
        };
        // Assuming the last name a product changed nothing: the error holds in every org.
        if previous.as_ref() == Some(&error) {
            return Err(SelectionError::filter(text, error));
        }
        match field_name(&error.term) {
            // Each retry assumes one more distinct name, so this ends within one pass per term.
            Some(name) if !assumed.iter().any(|key| key.as_str() == name) => {
                assumed.push(ProductKey::from(name));
            }
            // A possible product term with a bad value: whether to say "not a field" or "not a
            // number of days" depends on the org's products, so the full parse decides.
            Some(_) => return Ok(()),
            None => return Err(SelectionError::filter(text, error)),
        }
        previous = Some(error);
    }
}

fn check_sort(text: &str) -> Result<(), SelectionError> {
    let Err(error) = SortKey::parse(text, &[]) else {
        return Ok(());
    };
    let field = text
        .trim()
        .rsplit_once(':')
        .map_or(text.trim(), |(field, _)| field);
    match SortKey::parse(text, &[ProductKey::from(field)]) {
        Ok(_) => Ok(()),
        Err(_) => Err(SelectionError::sort(text, error)),
    }
}

/// The field name of a `FIELD:VALUE` term as typed (`!` dropped), if the term has one.
fn field_name(term: &str) -> Option<&str> {
    let body = term.strip_prefix('!').unwrap_or(term);
    let (name, _) = body.split_once(':')?;
    (!name.is_empty() && !name.contains('"')).then_some(name)
}
