//! A small, seedable random stream (xoshiro256++ seeded through SplitMix64): one stream per
//! chunk of requests, derived from the seed and the chunk's number, so the numbers do not
//! depend on which thread runs which chunk.

pub(super) struct Stream {
    s: [u64; 4],
}

fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Stream {
    /// The stream for `chunk` of purpose `lane` (request shapes, response times) under `seed`.
    pub fn new(seed: u64, chunk: u64, lane: u64) -> Stream {
        let mut x = seed ^ splitmix(&mut (chunk.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ lane));
        let s = [
            splitmix(&mut x),
            splitmix(&mut x),
            splitmix(&mut x),
            splitmix(&mut x),
        ];
        Stream { s }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let out = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit(); // (0, 1]: the logarithm stays finite
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// An index drawn by the cumulative weights `cumulative` (ending at the total).
    pub fn pick(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(0.0);
        let x = self.unit() * total;
        cumulative
            .partition_point(|c| *c <= x)
            .min(cumulative.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct_per_chunk() {
        let a: Vec<u64> = (0..4).map(|_| Stream::new(7, 0, 0).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]), "same seed, same chunk");
        assert_ne!(
            Stream::new(7, 0, 0).next_u64(),
            Stream::new(7, 1, 0).next_u64()
        );
        assert_ne!(
            Stream::new(7, 0, 0).next_u64(),
            Stream::new(7, 0, 1).next_u64()
        );
    }

    #[test]
    fn draws_have_the_expected_moments() {
        let mut s = Stream::new(1, 0, 0);
        let n = 200_000;
        let (mut sum, mut sq, mut units) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let z = s.normal();
            sum += z;
            sq += z * z;
            units += s.unit();
        }
        let n = f64::from(n);
        assert!((sum / n).abs() < 0.01, "mean of normals near 0");
        assert!((sq / n - 1.0).abs() < 0.02, "variance of normals near 1");
        assert!((units / n - 0.5).abs() < 0.01, "mean of units near 1/2");
        let picks = (0..10_000).filter(|_| s.pick(&[1.0, 4.0]) == 1).count();
        assert!((7_200..7_800).contains(&picks), "weight 3 of 4: {picks}");
    }
}
