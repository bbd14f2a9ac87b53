//! Deterministic mutations: input `i` of a run depends only on the seed and `i`, so a
//! crash found at input 812,344 can be made again by asking for that one input.

/// SplitMix64: small, fast, and good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes that change the meaning of text formats.
const INTERESTING: &[u8] = b"\0\xff\n\r\t \"'<>&;{}()[],=#%\\/:-+.0123456789";

/// Input `index` of a run: a seed from the corpus, changed by 1 to 8 mutations, some of
/// them the target's own words (`NOT `, `<trans-unit`, `msgstr[`).
pub fn input(run_seed: u64, index: u64, seeds: &[Vec<u8>], words: &[&[u8]]) -> Vec<u8> {
    let mut rng = Rng::new(run_seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    let mut data = seeds[rng.below(seeds.len())].clone();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        mutate(&mut rng, &mut data, seeds, words);
    }
    data
}

fn mutate(rng: &mut Rng, data: &mut Vec<u8>, seeds: &[Vec<u8>], words: &[&[u8]]) {
    let len = data.len();
    match rng.below(10) {
        0 if len > 0 => {
            let at = rng.below(len);
            data[at] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let at = rng.below(len);
            data[at] = INTERESTING[rng.below(INTERESTING.len())];
        }
        2 if len > 0 => {
            let at = rng.below(len);
            let n = 1 + rng.below(16.min(len - at));
            data.drain(at..at + n);
        }
        3 | 4 if !words.is_empty() => {
            let word = words[rng.below(words.len())];
            let at = rng.below(len + 1);
            data.splice(at..at, word.iter().copied());
        }
        5 if len > 0 => {
            // Repeat a piece: long chains and deep nesting come from here.
            let at = rng.below(len);
            let n = 1 + rng.below(32.min(len - at));
            let piece: Vec<u8> = data[at..at + n].to_vec();
            let most = if rng.below(8) == 0 { 2_000 } else { 16 };
            let times = 1 + rng.below(most);
            let mut repeated = Vec::with_capacity(piece.len() * times);
            for _ in 0..times {
                repeated.extend_from_slice(&piece);
            }
            data.splice(at..at, repeated);
        }
        6 => {
            // Splice in part of another seed.
            let other = &seeds[rng.below(seeds.len())];
            if !other.is_empty() {
                let from = rng.below(other.len());
                let n = 1 + rng.below(64.min(other.len() - from));
                let at = rng.below(len + 1);
                data.splice(at..at, other[from..from + n].iter().copied());
            }
        }
        7 if len > 0 => data.truncate(rng.below(len)),
        8 if len > 1 => {
            let a = rng.below(len);
            let b = rng.below(len);
            data.swap(a, b);
        }
        _ => {
            let at = rng.below(len + 1);
            let byte = (rng.next() & 0xff) as u8;
            data.insert(at, byte);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_index_gives_the_same_input() {
        let seeds = vec![b"kind = bug AND due < now()".to_vec()];
        let words: &[&[u8]] = &[b"NOT ", b"("];
        for i in [0, 1, 999_999] {
            assert_eq!(input(7, i, &seeds, words), input(7, i, &seeds, words));
        }
        assert_ne!(input(7, 1, &seeds, words), input(7, 2, &seeds, words));
    }
}
