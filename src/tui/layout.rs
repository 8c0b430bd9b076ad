//! Where each part of the browse screen goes for a terminal size; shared by `update` (page size,
//! scrolling) and `render` so both agree. Pure arithmetic; must not draw.

use ratatui::layout::Rect;

/// The smallest terminal the console lays out in; smaller shows "enlarge the window".
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// Wide terminals get the detail pane on the right, tall ones below the table.
const SIDE_DETAIL_FROM_WIDTH: u16 = 130;
const SIDE_DETAIL_WIDTH: u16 = 46;
const BOTTOM_DETAIL_FROM_HEIGHT: u16 = 34;
const BOTTOM_DETAIL_HEIGHT: u16 = 11;
const HEADER_HEIGHT: u16 = 3;

/// The areas of the browse screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrowseAreas {
    pub header: Rect,
    /// The user table, its title row included.
    pub table: Rect,
    pub detail: Option<Rect>,
    pub filter: Option<Rect>,
    pub status: Rect,
}

impl BrowseAreas {
    /// Data rows the table shows at once (never 0, so paging always moves).
    #[must_use]
    pub fn table_body_rows(&self) -> usize {
        usize::from(self.table.height.saturating_sub(1)).max(1)
    }
}

/// Whether `area` is too small for any screen.
#[must_use]
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Splits `area` into the browse screen's parts.
#[must_use]
pub fn browse(area: Rect, filter_bar: bool) -> BrowseAreas {
    let header = Rect {
        height: HEADER_HEIGHT.min(area.height),
        ..area
    };
    let status = Rect {
        y: area.bottom().saturating_sub(1),
        height: area.height.min(1),
        ..area
    };
    let filter = filter_bar.then(|| Rect {
        y: status.y.saturating_sub(1),
        height: area.height.min(1),
        ..area
    });
    let body_top = header.bottom();
    let body_bottom = filter.map_or(status.y, |filter| filter.y).max(body_top);
    let body = Rect {
        y: body_top,
        height: body_bottom - body_top,
        ..area
    };
    let (table, detail) = if area.width >= SIDE_DETAIL_FROM_WIDTH {
        let table_width = body.width - SIDE_DETAIL_WIDTH;
        let detail = Rect {
            x: body.x + table_width,
            width: SIDE_DETAIL_WIDTH,
            ..body
        };
        (
            Rect {
                width: table_width,
                ..body
            },
            Some(detail),
        )
    } else if area.height >= BOTTOM_DETAIL_FROM_HEIGHT {
        let table_height = body.height - BOTTOM_DETAIL_HEIGHT;
        let detail = Rect {
            y: body.y + table_height,
            height: BOTTOM_DETAIL_HEIGHT,
            ..body
        };
        (
            Rect {
                height: table_height,
                ..body
            },
            Some(detail),
        )
    } else {
        (body, None)
    };
    BrowseAreas {
        header,
        table,
        detail,
        filter,
        status,
    }
}

/// A centred box of at most `width` × `height` inside `area`.
#[must_use]
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Where a picker (views, groups) is drawn: over the body, at most 100 columns wide, leaving the
/// header and the status line in view.
#[must_use]
pub fn picker(area: Rect) -> Rect {
    let width = area.width.min(100);
    let top = HEADER_HEIGHT.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + top,
        width,
        height: area.height.saturating_sub(top + 1),
    }
}

/// Lines of the group picker besides its list: border (2), column titles, the selected group's
/// grants (2) and the key hints.
const GROUP_PICKER_CHROME: u16 = 6;

/// Groups the group picker shows at once (at least 1, so paging always moves).
#[must_use]
pub fn group_list_rows(area: Rect) -> usize {
    usize::from(picker(area).height.saturating_sub(GROUP_PICKER_CHROME)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimum_terminal_keeps_a_usable_table() {
        let areas = browse(Rect::new(0, 0, 80, 24), true);
        assert_eq!(areas.detail, None);
        assert_eq!(areas.table_body_rows(), 18);
        assert_eq!(areas.status.y, 23);
        assert_eq!(areas.filter.map(|f| f.y), Some(22));
    }

    #[test]
    fn wide_and_tall_terminals_get_a_detail_pane() {
        let wide = browse(Rect::new(0, 0, 160, 40), false);
        assert_eq!(wide.detail.map(|d| d.width), Some(SIDE_DETAIL_WIDTH));
        assert_eq!(wide.table.width + SIDE_DETAIL_WIDTH, 160);
        let tall = browse(Rect::new(0, 0, 100, 40), false);
        assert_eq!(tall.detail.map(|d| d.height), Some(BOTTOM_DETAIL_HEIGHT));
        assert_eq!(tall.table.bottom(), tall.detail.map_or(0, |d| d.y));
    }

    #[test]
    fn pickers_leave_the_header_and_status_line_in_view() {
        let area = Rect::new(0, 0, 80, 24);
        let box_ = picker(area);
        assert_eq!((box_.y, box_.bottom()), (3, 23));
        assert_eq!(group_list_rows(area), 14);
        assert_eq!(picker(Rect::new(0, 0, 200, 50)).width, 100);
        assert_eq!(group_list_rows(Rect::new(0, 0, 80, 2)), 1);
    }

    #[test]
    fn degenerate_sizes_never_underflow() {
        for (w, h) in [(0, 0), (1, 1), (80, 2), (200, 3)] {
            let areas = browse(Rect::new(0, 0, w, h), true);
            assert!(areas.table_body_rows() >= 1);
            assert!(too_small(Rect::new(0, 0, w, h)));
        }
    }
}
