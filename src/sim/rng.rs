//! The simulator's own seeded PRNG (`xoshiro256**` seeded through `SplitMix64`), so a seed yields the
//! same org on every platform and toolchain. Owns randomness helpers only; must never read the
//! clock, the environment or any OS entropy.

/// Hex digits for ids; lowercase like Atlassian's.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// A small, fast, reproducible generator. Not cryptographic: ids it makes are fictional.
#[derive(Debug, Clone)]
pub struct SimRng {
    state: [u64; 4],
}

/// One `SplitMix64` step: spreads a seed over the full state so nearby seeds give unrelated streams.
fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut mixed = *state;
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    mixed ^ (mixed >> 31)
}

impl SimRng {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let mut mix = seed;
        Self {
            state: [
                split_mix(&mut mix),
                split_mix(&mut mix),
                split_mix(&mut mix),
                split_mix(&mut mix),
            ],
        }
    }

    /// An independent stream for one purpose, so drawing more numbers in one part of the
    /// generator never shifts what another part draws.
    #[must_use]
    pub fn stream(seed: u64, purpose: u64) -> Self {
        let mut mix = seed ^ purpose.wrapping_mul(0xd1b5_4a32_d192_ed03);
        Self::new(split_mix(&mut mix))
    }

    pub fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = &mut self.state;
        let result = s1.wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let shifted = *s1 << 17;
        *s2 ^= *s0;
        *s3 ^= *s1;
        *s1 ^= *s2;
        *s0 ^= *s3;
        *s2 ^= shifted;
        *s3 = s3.rotate_left(45);
        result
    }

    /// Uniform in `0..bound` without modulo bias (Lemire); `0` when `bound` is `0`.
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let product = u128::from(self.next_u64()) * u128::from(bound);
            if (product as u64) >= threshold {
                return (product >> 64) as u64;
            }
        }
    }

    /// Uniform in `0..len`, for indexing a slice of that length.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// Uniform in `low..=high`; `low` when the range is empty.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = high.abs_diff(low).saturating_add(1);
        low.saturating_add_unsigned(self.below(span))
    }

    /// Uniform in `[0, 1)` with 53 bits of precision.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// True with probability `probability` (clamped to `[0, 1]`).
    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// One element of a fixed, non-empty table (emptiness is rejected at compile time).
    pub fn pick<'a, T, const N: usize>(&mut self, items: &'a [T; N]) -> &'a T {
        const { assert!(N > 0, "pick needs a non-empty table") };
        &items[self.index(N)]
    }

    /// An index drawn with the given relative weights; `0` when all weights are zero.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|weight| u64::from(*weight)).sum();
        let mut target = self.below(total);
        for (position, weight) in weights.iter().enumerate() {
            let weight = u64::from(*weight);
            if target < weight {
                return position;
            }
            target -= weight;
        }
        0
    }

    /// Fisher–Yates in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            let other = self.index(last + 1);
            items.swap(last, other);
        }
    }

    /// `count` distinct elements of `pool`, in random order; all of them when it has fewer.
    /// Reorders `pool` (partial Fisher–Yates) to stay allocation-free.
    pub fn sample<T: Copy>(&mut self, pool: &mut [T], count: usize) -> Vec<T> {
        let count = count.min(pool.len());
        for position in 0..count {
            let other = position + self.index(pool.len() - position);
            pool.swap(position, other);
        }
        pool[..count].to_vec()
    }

    /// A random version-4 UUID, lowercase `8-4-4-4-12`, like Atlassian's ids.
    pub fn uuid(&mut self) -> String {
        let high = (self.next_u64() & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
        let low = (self.next_u64() & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        let mut text = String::with_capacity(36);
        push_hex(&mut text, high >> 32, 8);
        text.push('-');
        push_hex(&mut text, (high >> 16) & 0xffff, 4);
        text.push('-');
        push_hex(&mut text, high & 0xffff, 4);
        text.push('-');
        push_hex(&mut text, low >> 48, 4);
        text.push('-');
        push_hex(&mut text, low & 0xffff_ffff_ffff, 12);
        text
    }

    /// `digits` random lowercase hex digits (legacy 24-hex account ids).
    pub fn hex(&mut self, digits: usize) -> String {
        let mut text = String::with_capacity(digits);
        let mut remaining = digits;
        while remaining > 0 {
            let chunk = remaining.min(16);
            push_hex(&mut text, self.next_u64(), chunk);
            remaining -= chunk;
        }
        text
    }
}

/// Appends the low `digits` hex digits of `value`, most significant first.
fn push_hex(text: &mut String, value: u64, digits: usize) {
    for position in (0..digits).rev() {
        let nibble = (value >> (position * 4)) & 0xf;
        text.push(char::from(HEX[nibble as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seed_differs() {
        let mut first = SimRng::new(7);
        let mut second = SimRng::new(7);
        let mut other = SimRng::new(8);
        let a: Vec<u64> = (0..16).map(|_| first.next_u64()).collect();
        let b: Vec<u64> = (0..16).map(|_| second.next_u64()).collect();
        let c: Vec<u64> = (0..16).map(|_| other.next_u64()).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(SimRng::stream(7, 1).next_u64(), SimRng::stream(7, 2).next_u64());
    }

    #[test]
    fn below_and_between_stay_in_range() {
        let mut rng = SimRng::new(1);
        for bound in 1..50 {
            assert!(rng.below(bound) < bound);
        }
        assert_eq!(rng.below(0), 0);
        for _ in 0..1000 {
            let value = rng.between(-5, 5);
            assert!((-5..=5).contains(&value));
        }
        assert_eq!(rng.between(9, 3), 9);
    }

    #[test]
    fn chance_matches_probability_roughly() {
        let mut rng = SimRng::new(3);
        let hits = (0..100_000).filter(|_| rng.chance(0.25)).count();
        assert!((23_500..26_500).contains(&hits), "{hits}");
    }

    #[test]
    fn weighted_respects_zero_weights() {
        let mut rng = SimRng::new(4);
        for _ in 0..1000 {
            assert_eq!(rng.weighted(&[0, 3, 0]), 1);
        }
    }

    #[test]
    fn sample_is_distinct_and_bounded() {
        let mut rng = SimRng::new(5);
        let mut pool: Vec<u32> = (0..100).collect();
        let mut picked = rng.sample(&mut pool, 30);
        picked.sort_unstable();
        picked.dedup();
        assert_eq!(picked.len(), 30);
        assert_eq!(rng.sample(&mut [1_u8, 2], 5).len(), 2);
    }

    #[test]
    fn uuid_has_atlassian_shape() {
        let mut rng = SimRng::new(6);
        let id = rng.uuid();
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(
            id.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_lowercase())
        );
        assert_eq!(id.as_bytes()[14], b'4');
        assert_eq!(rng.hex(24).len(), 24);
        assert_ne!(rng.uuid(), rng.uuid());
    }
}
