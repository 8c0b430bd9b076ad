//! Structure-blind mutations of a valid input's bytes: truncation, flips, inserted hostile text
//! and numbers, splices, and line-level duplication, removal and swaps. Shared by every target.

use proptest::prelude::*;
use proptest::sample::Index;

/// Text that breaks terminals or naive parsers: escapes, bidi, zero-width, wide, combining,
/// NUL, BOM, CRLF and a long run.
pub const ODD_TEXT: &[&str] = &[
    "\u{1b}[31m",
    "\u{1b}]0;pwned\u{7}",
    "\u{9b}2J",
    "\u{202e}evil",
    "\u{2066}",
    "\u{200b}",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\r\n",
    "\t",
    "e\u{301}",
    "漢字",
    "👩\u{200d}👩\u{200d}👧",
    "\u{fffd}",
    "\u{10ffff}",
    "\"",
    "\\",
    "\\u001b",
    "\\ud800",
    "'",
    "\n",
];

/// Numbers at and past every width's edge, and forms some parsers accept and others refuse.
pub const HUGE_NUMBERS: &[&str] = &[
    "18446744073709551616",
    "18446744073709551615",
    "9223372036854775808",
    "-9223372036854775809",
    "4294967296",
    "4294967295",
    "-1",
    "-0",
    "0",
    "1e400",
    "-1e400",
    "1.7976931348623157e308",
    "5e-324",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "00012",
    "999999999999999999999999999999999999999",
];

/// One mutation; positions are fractions of whatever length the input has when it applies.
#[derive(Debug, Clone)]
pub enum Mutation {
    Truncate(Index),
    Flip(Index, u8),
    SetByte(Index, u8),
    Delete(Index, usize),
    InsertOdd(Index, Index),
    InsertNumber(Index, Index),
    InsertBytes(Index, Vec<u8>),
    /// A slice of the input copied to another place.
    Splice {
        from: Index,
        len: usize,
        to: Index,
    },
    DuplicateLine(Index),
    RemoveLine(Index),
    SwapLines(Index, Index),
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 1..=255_u8).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte(at, byte)),
        (any::<Index>(), 1..16_usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, which)| Mutation::InsertOdd(at, which)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, which)| Mutation::InsertNumber(at, which)),
        (any::<Index>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::InsertBytes(at, bytes)),
        (any::<Index>(), 1..64_usize, any::<Index>()).prop_map(|(from, len, to)| Mutation::Splice {
            from,
            len,
            to
        }),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        any::<Index>().prop_map(Mutation::RemoveLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

/// One to four mutations in a row.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(mutation(), 1..=4)
}

pub fn apply_all(input: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for mutation in mutations {
        apply(&mut bytes, mutation);
    }
    bytes
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |index: &Index, len: usize| index.index(len + 1);
    match mutation {
        Mutation::Truncate(index) => bytes.truncate(at(index, bytes.len())),
        Mutation::Flip(index, mask) if !bytes.is_empty() => {
            let at = index.index(bytes.len());
            bytes[at] ^= mask;
        }
        Mutation::SetByte(index, byte) if !bytes.is_empty() => {
            let at = index.index(bytes.len());
            bytes[at] = *byte;
        }
        Mutation::Flip(..) | Mutation::SetByte(..) => {}
        Mutation::Delete(index, len) => {
            let start = at(index, bytes.len());
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::InsertOdd(index, which) => insert(bytes, at(index, bytes.len()), pick(ODD_TEXT, *which)),
        Mutation::InsertNumber(index, which) => {
            insert(bytes, at(index, bytes.len()), pick(HUGE_NUMBERS, *which));
        }
        Mutation::InsertBytes(index, extra) => {
            let start = at(index, bytes.len());
            bytes.splice(start..start, extra.iter().copied());
        }
        Mutation::Splice { from, len, to } => {
            let start = at(from, bytes.len());
            let piece = bytes[start..(start + len).min(bytes.len())].to_vec();
            let to = at(to, bytes.len());
            bytes.splice(to..to, piece);
        }
        Mutation::DuplicateLine(index) => edit_lines(bytes, |lines| {
            let line = lines[index.index(lines.len())].clone();
            lines.insert(index.index(lines.len()), line);
        }),
        Mutation::RemoveLine(index) => edit_lines(bytes, |lines| {
            lines.remove(index.index(lines.len()));
        }),
        Mutation::SwapLines(a, b) => edit_lines(bytes, |lines| {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
        }),
    }
}

fn pick<'a>(items: &[&'a str], which: Index) -> &'a str {
    items[which.index(items.len())]
}

fn insert(bytes: &mut Vec<u8>, at: usize, text: &str) {
    bytes.splice(at..at, text.bytes());
}

/// Lines keep their `\n`, so a file's torn (unterminated) last line stays torn where it goes.
fn edit_lines(bytes: &mut Vec<u8>, edit: impl FnOnce(&mut Vec<Vec<u8>>)) {
    let mut lines: Vec<Vec<u8>> = bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    if lines.is_empty() {
        return;
    }
    edit(&mut lines);
    *bytes = lines.concat();
}

/// Arbitrary bytes, biased toward the structure characters parsers branch on.
pub fn raw_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    let structural = proptest::sample::select(b"{}[]\":,\n\\ =#'.-0123456789aetrufnl\x1b\0".to_vec());
    proptest::collection::vec(prop_oneof![any::<u8>(), structural], 0..max)
}

/// Arbitrary text: any Unicode scalar, or mostly the ASCII parsers care about plus odd text.
pub fn raw_text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>().prop_map(String::from),
        3 => proptest::char::range(' ', '~').prop_map(String::from),
        1 => proptest::sample::select(ODD_TEXT).prop_map(str::to_owned),
        1 => proptest::sample::select(HUGE_NUMBERS).prop_map(str::to_owned),
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|pieces| pieces.concat())
}
